package io.ha4j.examples.spring;

import io.ha4j.Ha4jEvent;
import io.ha4j.spring.Ha4jApplicationEvent;
import io.ha4j.spring.LeadershipContext;
import io.ha4j.spring.OnLeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** A scheduled job that runs only on the leader, and a listener for the cluster's events. */
@Component
public class HousekeepingJob {

  private static final Logger log = LoggerFactory.getLogger(HousekeepingJob.class);

  private final LeadershipContext leadership;

  public HousekeepingJob(LeadershipContext leadership) {
    this.leadership = leadership;
  }

  /** Every instance schedules it; only the leader's call runs. */
  @Scheduled(fixedDelay = 10_000, initialDelay = 5_000)
  @OnLeader
  public void purge() {
    log.info("housekeeping on the leader {} at epoch {}", leadership.nodeId(), leadership.epoch());
  }

  @EventListener
  public void on(Ha4jApplicationEvent<? extends Ha4jEvent> e) {
    log.info("cluster event: {}", e.event());
  }
}
