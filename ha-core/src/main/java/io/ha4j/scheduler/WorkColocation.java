package io.ha4j.scheduler;

/**
 * A colocation "dependent with primary" at a score, as one side of it sees it after group expansion.
 * {@code dependentRef}/{@code primaryRef} are the resources the constraint names (a group, or the
 * primitive itself), which decide sort order and whom a blocked start blocks.
 */
record WorkColocation(String id, WorkResource dependent, WorkResource primary, int score,
    WorkResource dependentRef, WorkResource primaryRef) {}
