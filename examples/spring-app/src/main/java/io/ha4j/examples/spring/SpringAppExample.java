package io.ha4j.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Run three instances (see README.md): {@link ReportPublisher} runs on exactly one of them and moves
 * when that instance dies; {@link HousekeepingJob} runs only on the leader.
 */
@SpringBootApplication
@EnableScheduling
public class SpringAppExample {

  /** Starts one instance; pass --ha4j.node-id=node1|node2|node3 and a --server.port. */
  public static void main(String[] args) {
    SpringApplication.run(SpringAppExample.class, args);
  }
}
