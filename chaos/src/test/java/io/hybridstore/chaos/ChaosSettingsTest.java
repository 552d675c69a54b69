package io.hybridstore.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosSettingsTest {
    private static final Path DIR = Path.of("runs");

    @Test
    void optionsOverrideTheFullDefaults() {
        ChaosSettings s = ChaosSettings.parse(List.of("--seed", "-12", "--duration", "3m", "--clients", "5", "--rounds", "2"), DIR);
        assertEquals("full", s.profile());
        assertEquals(-12, s.seed());
        assertEquals(Duration.ofMinutes(3), s.load());
        assertEquals(5, s.clients());
        assertEquals(2, s.rounds());
        assertEquals(ChaosSettings.full(0, DIR).keysPerClient(), s.keysPerClient());
        assertEquals(DIR, s.dir());
    }

    @Test
    void quickStartsFromTheShortDefaults() {
        ChaosSettings s = ChaosSettings.parse(List.of("--seed", "5", "--quick"), DIR);
        assertEquals(ChaosSettings.quick(5, DIR), s);
    }

    @Test
    void theReproduceLineGivesBackTheSameSettings() {
        ChaosSettings quick = ChaosSettings.quick(77, DIR);
        String args = quick.reproduce().replaceAll(".*CHAOS_ARGS=\"(.*)\"", "$1");
        ChaosSettings again = ChaosSettings.parse(List.of(("--seed 77 --duration 60s --clients 4 " + args).split(" ")), DIR);
        assertEquals(quick, again);
    }

    @Test
    void durationsInSecondsOrMinutes() {
        assertEquals(Duration.ofSeconds(90), ChaosSettings.duration("90"));
        assertEquals(Duration.ofSeconds(90), ChaosSettings.duration("90s"));
        assertEquals(Duration.ofMinutes(4), ChaosSettings.duration("4m"));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ChaosSettings.parse(List.of("--clients", "0"), DIR));
        assertThrows(IllegalArgumentException.class, () -> ChaosSettings.parse(List.of("--nodes", "3"), DIR));
        assertThrows(IllegalArgumentException.class, () -> ChaosSettings.parse(List.of("--seed"), DIR));
    }
}
