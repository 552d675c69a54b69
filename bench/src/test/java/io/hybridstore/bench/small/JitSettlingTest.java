package io.hybridstore.bench.small;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.bench.small.JitSettling.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up's stopping rule, fed compiler CPU per window as the bench measures it. */
class JitSettlingTest {

    private static List<Verdict> feed(JitSettling s, double... windows) {
        List<Verdict> verdicts = new ArrayList<>();
        for (double w : windows) {
            verdicts.add(s.after(w));
        }
        return verdicts;
    }

    @Test
    void settlesOnTheFirstQuietWindow() {
        JitSettling s = new JitSettling(0.3, Duration.ofSeconds(10), Duration.ofSeconds(120));
        assertEquals(List.of(Verdict.CONTINUE, Verdict.CONTINUE, Verdict.SETTLED), feed(s, 2.4, 0.9, 0.3));
        assertEquals(Duration.ofSeconds(30), s.spent());
    }

    @Test
    void givesUpAfterTheLongestWarmUpAndSaysSo() {
        JitSettling s = new JitSettling(0.3, Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertEquals(List.of(Verdict.CONTINUE, Verdict.CONTINUE, Verdict.GAVE_UP), feed(s, 3.0, 2.5, 2.0));
        assertEquals(Duration.ofSeconds(30), s.spent());
    }

    @Test
    void aQuietLastWindowStillCountsAsSettled() {
        JitSettling s = new JitSettling(0.3, Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertEquals(List.of(Verdict.CONTINUE, Verdict.SETTLED), feed(s, 1.0, 0.1));
    }
}
