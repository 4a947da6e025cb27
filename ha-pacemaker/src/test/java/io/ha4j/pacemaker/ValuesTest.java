package io.ha4j.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ha4j.Score;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pacemaker's value syntaxes. */
class ValuesTest {

  @Test
  void durationsTakeSecondsByDefaultAndPacemakersUnits() {
    assertThat(Values.duration("10")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Values.duration("10000")).as("a bare number is seconds").isEqualTo(Duration.ofSeconds(10000));
    assertThat(Values.duration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Values.duration(" 15 sec ")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Values.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Values.duration("1min")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Values.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Values.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Values.duration("PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Values.duration("P1DT2H")).isEqualTo(Duration.ofHours(26));
    assertThat(Values.duration("abc")).isNull();
    assertThat(Values.duration("10 fortnights")).isNull();
    assertThat(Values.duration("-5s")).isNull();
    assertThat(Values.duration("P")).isNull();
  }

  @Test
  void booleansArePacemakersWords() {
    for (String yes : new String[] {"true", "TRUE", "on", "yes", "y", "1"}) {
      assertThat(Values.bool(yes)).as(yes).isTrue();
    }
    for (String no : new String[] {"false", "off", "no", "n", "0"}) {
      assertThat(Values.bool(no)).as(no).isFalse();
    }
    assertThat(Values.bool("maybe")).isNull();
  }

  @Test
  void scoresSaturate() {
    assertThat(Values.score("INFINITY")).isEqualTo(Score.INFINITY);
    assertThat(Values.score("+INFINITY")).isEqualTo(Score.INFINITY);
    assertThat(Values.score("-infinity")).isEqualTo(-Score.INFINITY);
    assertThat(Values.score("5000000")).isEqualTo(Score.INFINITY);
    assertThat(Values.score("-7")).isEqualTo(-7);
    assertThat(Values.score("high")).isNull();
  }

  @Test
  void featureSetsCompareNumerically() {
    assertThat(StatusReader.compareVersion("3.0.12", "3.0.13")).isNegative();
    assertThat(StatusReader.compareVersion("3.0.13", "3.0.13")).isZero();
    assertThat(StatusReader.compareVersion("3.3.0", "3.0.13")).isPositive();
    assertThat(StatusReader.compareVersion("3.1", "3.0.13")).isPositive();
    assertThat(StatusReader.compareVersion(null, "3.0.13")).isNegative();
    assertThat(StatusReader.compareVersion("2.0", "3.0.13")).isNegative();
  }

  @Test
  void theExpectedResultIsTheTransitionKeysThirdField() {
    assertThat(HistoryReplay.targetRc("0:2:7:b12c0a28-1ba5-407b-945c-e4d5ea1602dc")).isEqualTo(7);
    assertThat(HistoryReplay.targetRc("garbage")).isEqualTo(-1);
    assertThat(HistoryReplay.targetRc(null)).isEqualTo(-1);
  }
}
