package io.hybridstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Walks the command tree as picocli builds it (so a command added later is walked too): every
 * command answers {@code --help} with its usage on stdout, every command that does something takes
 * {@code --json}, and a command line that does not parse is one line on stderr (or one JSON line on
 * stdout under {@code --json}) and exit 2, never the usage dump or a stack trace.
 */
class EveryCommandTest {

    /** Every command's path below {@code hybridstore}, groups ({@code keys}) and their subcommands alike. */
    private static List<List<String>> paths(CommandLine command, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        for (var sub : command.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(sub.getKey());
            paths.add(path);
            paths.addAll(paths(sub.getValue(), path));
        }
        return paths;
    }

    private static List<List<String>> paths() {
        return paths(HybridstoreCli.commandLine(), List.of());
    }

    private static boolean isGroup(List<String> path) {
        CommandLine command = HybridstoreCli.commandLine();
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        return !command.getSubcommands().isEmpty();
    }

    private static String[] args(List<String> path, String... more) {
        List<String> all = new ArrayList<>(path);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void everyCommandAnswersHelpOnStdoutAndEveryLeafTakesJson() {
        int helped = 0;
        int withJson = 0;
        for (List<String> path : paths()) {
            CommandLineTest.Run r = CommandLineTest.run(args(path, "--help"));
            String what = String.join(" ", path) + ":\n" + r.out() + r.err();
            assertEquals(0, r.code(), what);
            assertTrue(r.out().startsWith("Usage: hybridstore " + String.join(" ", path)), what);
            assertEquals("", r.err(), what);
            helped++;
            if (!isGroup(path)) {
                assertTrue(r.out().contains("--json"), what);
                withJson++;
            }
        }
        assertEquals(17, helped, "14 commands and keys' 3");
        assertEquals(16, withJson, "every command but the keys group");
    }

    @Test
    void aBadCommandLineIsOneLineAndExitTwo() {
        int checked = 0;
        List<String[]> misuses = new ArrayList<>();
        for (List<String> path : paths()) {
            misuses.add(args(path, "--no-such-flag"));
        }
        misuses.add(new String[] {"bogus"});
        misuses.add(new String[0]);
        misuses.add(new String[] {"inspect"});
        misuses.add(new String[] {"put"});
        misuses.add(new String[] {"keys"});
        misuses.add(new String[] {"keys", "revoke"});
        misuses.add(new String[] {"status", "--timeout", "soon"});
        misuses.add(new String[] {"ls", "--limit", "abc"});
        for (String[] misuse : misuses) {
            CommandLineTest.Run r = CommandLineTest.run(misuse);
            String what = String.join(" ", misuse) + ":\n" + r.out() + r.err();
            assertEquals(ExitCode.USAGE, r.code(), what);
            assertEquals("", r.out(), what);
            assertEquals(1, r.err().lines().count(), what);
            assertTrue(r.err().startsWith("hybridstore"), what);
            assertTrue(r.err().contains("--help"), what);
            assertFalse(r.err().contains("Usage:") || r.err().contains("\tat ") || r.err().contains("Exception"), what);
            checked++;
        }
        assertEquals(17 + 8, checked);
        CommandLineTest.Run json = CommandLineTest.run("ls", "--json", "--limit", "abc");
        assertEquals(ExitCode.USAGE, json.code());
        assertEquals("", json.err());
        assertEquals(1, json.out().lines().count(), json.out());
        assertTrue(json.out().contains("\"exitCode\":2") && json.out().contains("'abc' is not an int"), json.out());
    }
}
