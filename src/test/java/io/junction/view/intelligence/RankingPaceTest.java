package io.junction.view.intelligence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RankingPaceTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aRankingOfThreeSecondsWaitsTwentySevenAtATenthOfTheTime() {
        RankingPace pace = new RankingPace(0.10);
        long t0 = 1_000 * SECOND;
        assertThat(pace.mayRank(t0)).as("no ranking yet").isTrue();
        pace.ranked(t0, t0 + 3 * SECOND);
        assertThat(pace.mayRank(t0 + 3 * SECOND)).isFalse();
        assertThat(pace.mayRank(t0 + 29 * SECOND)).isFalse();
        assertThat(pace.mayRank(t0 + 30 * SECOND)).isTrue();
    }

    @Test
    void quickRankingsAreHardlyDelayedAndAWholeShareNeverWaits() {
        RankingPace tenth = new RankingPace(0.10);
        tenth.ranked(0, SECOND / 100);
        assertThat(tenth.mayRank(SECOND / 10)).as("10 ms ranking, 100 ms later").isTrue();
        RankingPace always = new RankingPace(1);
        always.ranked(0, 60 * SECOND);
        assertThat(always.mayRank(60 * SECOND)).isTrue();
    }

    @Test
    void worksAcrossTheSignOfNanoTime() {
        RankingPace pace = new RankingPace(0.5);
        long started = Long.MAX_VALUE - SECOND;
        pace.ranked(started, started + 2 * SECOND); // ends past the overflow
        assertThat(pace.mayRank(started + 3 * SECOND)).isFalse();
        assertThat(pace.mayRank(started + 4 * SECOND)).isTrue();
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new RankingPace(0)).hasMessageContaining("rebalance-max-share");
        assertThatThrownBy(() -> new RankingPace(1.5)).hasMessageContaining("rebalance-max-share");
    }
}
