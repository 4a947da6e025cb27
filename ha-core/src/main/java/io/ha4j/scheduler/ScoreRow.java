package io.ha4j.scheduler;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One resource's allocation scores as a read-only map (node → score) over the run's {@code int[]}
 * snapshot, so that a schedule does not box a million scores nobody may read.
 */
final class ScoreRow extends AbstractMap<String, Integer> {

  private final String[] names;
  private final int[] scores; // WorkResource.ABSENT where the node is not allowed at all
  private final Map<String, Integer> index;
  private int size = -1;

  ScoreRow(String[] names, int[] scores, Map<String, Integer> index) {
    this.names = names;
    this.scores = scores;
    this.index = index;
  }

  @Override
  public Integer get(Object node) {
    Integer i = index.get(node);
    return i == null || scores[i] == WorkResource.ABSENT ? null : scores[i];
  }

  @Override
  public boolean containsKey(Object node) {
    return get(node) != null;
  }

  @Override
  public int size() {
    if (size < 0) {
      int n = 0;
      for (int s : scores) {
        n += s == WorkResource.ABSENT ? 0 : 1;
      }
      size = n;
    }
    return size;
  }

  @Override
  public Set<Entry<String, Integer>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return ScoreRow.this.size();
      }

      @Override
      public Iterator<Entry<String, Integer>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < scores.length && scores[i] == WorkResource.ABSENT) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < scores.length;
          }

          @Override
          public Entry<String, Integer> next() {
            if (next >= scores.length) {
              throw new NoSuchElementException();
            }
            Entry<String, Integer> e = new SimpleImmutableEntry<>(names[next], scores[next]);
            next = advance(next + 1);
            return e;
          }
        };
      }
    };
  }
}
