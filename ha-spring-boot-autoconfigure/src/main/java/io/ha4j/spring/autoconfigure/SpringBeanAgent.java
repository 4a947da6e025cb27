package io.ha4j.spring.autoconfigure;

import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import io.ha4j.spring.ResourceMonitor;
import io.ha4j.spring.ResourceStart;
import io.ha4j.spring.ResourceStop;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.Lifecycle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The agent behind every {@code @ManagedResource} bean (type {@value #TYPE}): its one parameter
 * {@code bean} names the bean; start, stop and monitor go to the bean's lifecycle, its annotated
 * methods, or the bean itself when it is a {@link ResourceAgent}. A node without the bean answers
 * {@link OcfStatus#NOT_INSTALLED}, so the resource never runs there.
 */
final class SpringBeanAgent implements ResourceAgent {

  /** The agent type of managed beans. */
  static final String TYPE = "spring:bean";

  /** The parameter naming the bean. */
  static final String BEAN = "bean";

  private static final AgentMetadata METADATA = new AgentMetadata(TYPE,
      "A Spring bean started, stopped and monitored by the cluster (@ManagedResource)",
      List.of(new AgentMetadata.Parameter(BEAN, true, null, "the bean's name")),
      Map.of("start", Duration.ofSeconds(20), "stop", Duration.ofSeconds(20), "monitor", Duration.ofSeconds(20)));

  private final BeanFactory beans;

  SpringBeanAgent(BeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public AgentMetadata metadata() {
    return METADATA;
  }

  @Override
  public AgentResult start(AgentContext context) throws Exception {
    Object bean = bean(context);
    if (bean == null) {
      return missing(context);
    }
    if (bean instanceof ResourceAgent agent) {
      return agent.start(context);
    }
    Method m = annotated(bean, ResourceStart.class);
    if (m != null) {
      return invoke(bean, m, context, AgentResult.success());
    }
    if (bean instanceof Lifecycle lifecycle) {
      lifecycle.start();
      return AgentResult.success();
    }
    return notManageable(bean, context);
  }

  @Override
  public AgentResult stop(AgentContext context) throws Exception {
    Object bean = bean(context);
    if (bean == null) {
      return AgentResult.success(); // nothing of it can run here
    }
    if (bean instanceof ResourceAgent agent) {
      return agent.stop(context);
    }
    Method m = annotated(bean, ResourceStop.class);
    if (m != null) {
      return invoke(bean, m, context, AgentResult.success());
    }
    if (bean instanceof Lifecycle lifecycle) {
      lifecycle.stop();
      return AgentResult.success();
    }
    return notManageable(bean, context);
  }

  @Override
  public AgentResult monitor(AgentContext context) throws Exception {
    Object bean = bean(context);
    if (bean == null) {
      return missing(context);
    }
    if (bean instanceof ResourceAgent agent) {
      return agent.monitor(context);
    }
    Method m = annotated(bean, ResourceMonitor.class);
    if (m != null) {
      return invoke(bean, m, context, AgentResult.success());
    }
    if (bean instanceof Lifecycle lifecycle) {
      return lifecycle.isRunning() ? AgentResult.success() : AgentResult.notRunning();
    }
    if (annotated(bean, ResourceStart.class) != null) {
      return AgentResult.of(OcfStatus.NOT_CONFIGURED,
          "bean '" + context.param(BEAN, "") + "' has @ResourceStart but no @ResourceMonitor method");
    }
    return notManageable(bean, context);
  }

  private Object bean(AgentContext context) {
    String name = context.param(BEAN, "");
    try {
      return beans.getBean(name);
    } catch (NoSuchBeanDefinitionException e) {
      return null;
    }
  }

  private static AgentResult missing(AgentContext context) {
    return AgentResult.of(OcfStatus.NOT_INSTALLED,
        "no bean '" + context.param(BEAN, "") + "' in this application on " + context.nodeId());
  }

  private static AgentResult notManageable(Object bean, AgentContext context) {
    return AgentResult.of(OcfStatus.NOT_CONFIGURED, "bean '" + context.param(BEAN, "") + "' ("
        + AopUtils.getTargetClass(bean).getName() + ") is neither a Lifecycle, a ResourceAgent, nor has"
        + " @ResourceStart/@ResourceStop methods");
  }

  /** The method with the annotation, on the bean's class (behind any proxy), callable on the bean. */
  static Method annotated(Object bean, Class<? extends Annotation> annotation) {
    Class<?> type = AopUtils.getTargetClass(bean);
    Method[] found = new Method[1];
    ReflectionUtils.doWithMethods(type, m -> {
      if (found[0] == null && AnnotatedElementUtils.hasAnnotation(m, annotation)) {
        found[0] = m;
      }
    });
    if (found[0] == null) {
      return null;
    }
    Method invocable = AopUtils.selectInvocableMethod(found[0], bean.getClass());
    ReflectionUtils.makeAccessible(invocable);
    return invocable;
  }

  private static AgentResult invoke(Object bean, Method m, AgentContext context, AgentResult ifVoid)
      throws Exception {
    Object[] args = m.getParameterCount() == 1 ? new Object[] {context} : new Object[0];
    Object r;
    try {
      r = m.invoke(bean, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
    if (r instanceof AgentResult result) {
      return result;
    }
    if (r instanceof Boolean running) {
      return running ? AgentResult.success() : AgentResult.notRunning();
    }
    return ifVoid;
  }
}
