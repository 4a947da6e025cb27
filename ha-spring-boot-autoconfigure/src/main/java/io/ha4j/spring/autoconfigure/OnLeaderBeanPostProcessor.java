package io.ha4j.spring.autoconfigure;

import io.ha4j.spring.LeadershipContext;
import io.ha4j.spring.OnLeader;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.Ordered;

/**
 * Proxies beans with {@link OnLeader} methods: such a method runs only while {@link
 * LeadershipContext#isLeader()} is true; elsewhere it returns an empty value. Ordered before
 * {@code @Scheduled} processing, so scheduled leader-only methods go through the proxy.
 */
final class OnLeaderBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(OnLeaderBeanPostProcessor.class);

  private transient BeanFactory beanFactory;

  OnLeaderBeanPostProcessor() {
    setBeforeExistingAdvisors(true);
    setOrder(Ordered.LOWEST_PRECEDENCE - 100);
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    super.setBeanFactory(beanFactory);
    this.beanFactory = beanFactory;
    MethodInterceptor guard = invocation -> {
      LeadershipContext leadership = this.beanFactory.getBeanProvider(LeadershipContext.class).getIfAvailable();
      if (leadership != null && leadership.isLeader()) {
        return invocation.proceed();
      }
      log.debug("skipping @OnLeader {}: not the leader", invocation.getMethod());
      return emptyValue(invocation.getMethod().getReturnType());
    };
    this.advisor = new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(OnLeader.class), guard);
  }

  static Object emptyValue(Class<?> type) {
    if (type == Optional.class) {
      return Optional.empty();
    }
    if (type == OptionalInt.class) {
      return OptionalInt.empty();
    }
    if (type == OptionalLong.class) {
      return OptionalLong.empty();
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == char.class) {
      return '\0';
    }
    if (type.isPrimitive() && type != void.class) {
      return switch (type.getName()) {
        case "byte" -> (byte) 0;
        case "short" -> (short) 0;
        case "int" -> 0;
        case "long" -> 0L;
        case "float" -> 0f;
        default -> 0d;
      };
    }
    return null;
  }
}
