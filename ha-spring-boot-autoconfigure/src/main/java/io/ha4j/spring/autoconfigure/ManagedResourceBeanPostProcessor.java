package io.ha4j.spring.autoconfigure;

import io.ha4j.spring.ManagedResource;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;

/**
 * Keeps Spring from starting {@code @ManagedResource} {@link SmartLifecycle} beans: they are wrapped
 * in a proxy whose {@code isAutoStartup()} is false and whose phase is just below the node's, so
 * that on shutdown the node hands them over (stops them through the cluster) before Spring's own
 * lifecycle processor would stop them. Plain {@link org.springframework.context.Lifecycle} beans
 * need nothing: Spring never auto-starts them.
 */
final class ManagedResourceBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

  private ConfigurableListableBeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 100;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    if (!(bean instanceof SmartLifecycle) || !beanFactory.containsBeanDefinition(beanName)
        || beanFactory.findAnnotationOnBean(beanName, ManagedResource.class) == null) {
      return bean;
    }
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new LifecyclePointcut(), noAutoStartup());
    if (bean instanceof Advised advised && !advised.isFrozen()) {
      advised.addAdvisor(0, advisor);
      return bean;
    }
    if (java.lang.reflect.Modifier.isFinal(bean.getClass().getModifiers())) {
      throw new BeanCreationException(beanName, "@ManagedResource SmartLifecycle bean of final class "
          + bean.getClass().getName() + " cannot be kept from auto-starting: make the class non-final or"
          + " implement Lifecycle instead of SmartLifecycle");
    }
    ProxyFactory factory = new ProxyFactory(bean);
    factory.setProxyTargetClass(true);
    factory.addAdvisor(advisor);
    return factory.getProxy(bean.getClass().getClassLoader());
  }

  private static MethodInterceptor noAutoStartup() {
    return invocation -> switch (invocation.getMethod().getName()) {
      case "isAutoStartup" -> false;
      case "getPhase" -> Ha4jNodeLifecycle.PHASE - 1;
      default -> invocation.proceed();
    };
  }

  private static final class LifecyclePointcut extends StaticMethodMatcherPointcut {
    @Override
    public boolean matches(java.lang.reflect.Method method, Class<?> targetClass) {
      return method.getParameterCount() == 0
          && (method.getName().equals("isAutoStartup") || method.getName().equals("getPhase"));
    }
  }
}
