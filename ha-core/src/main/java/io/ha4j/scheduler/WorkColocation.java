package io.ha4j.scheduler;

/** A colocation "dependent with primary" at a score, after group expansion. */
record WorkColocation(String id, WorkResource dependent, WorkResource primary, int score, boolean dependentIsGroup) {}
