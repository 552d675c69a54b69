package io.hybridstore.e2e.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridstore.e2e.MissingApps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real S3 command-line clients (Debian's awscli, rclone, s3cmd; installed by
 * {@code ensure_s3_clients} in scripts/env.sh) against a cluster's S3 endpoint, each bounded in time.
 * A missing client skips the test that needs it, or fails it under CI / {@code -Dhybridstore.requireApps=true}.
 */
final class CliClients {

    record Run(int exit, String out) {
    }

    private final String endpoint;
    private final Path work;
    private final String keyId;
    private final String secret;

    /** Clients of {@code endpoint} that sign every request with the access key {@code keyId}/{@code secret} (SigV4). */
    CliClients(String endpoint, Path work, String keyId, String secret) {
        this.endpoint = endpoint;
        this.work = work;
        this.keyId = keyId;
        this.secret = secret;
    }

    static void require(String tool) {
        MissingApps.check(onPath(tool), tool + " is not installed (scripts/env.sh ensure_s3_clients installs awscli, rclone and s3cmd)");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** {@code aws --endpoint-url ... ARGS}, signing with the key given in the environment, as a user would. */
    Run aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint, "--region", "us-east-1"));
        command.addAll(List.of(args));
        return run(command, Map.of("AWS_CONFIG_FILE", work.resolve("aws-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", work.resolve("aws-credentials").toString(),
                "AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", secret));
    }

    /** rclone with a remote {@code hs:} configured by environment: provider Other, the cluster's key. */
    Run rclone(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rclone", "--config", work.resolve("rclone.conf").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of("RCLONE_CONFIG_HS_TYPE", "s3", "RCLONE_CONFIG_HS_PROVIDER", "Other",
                "RCLONE_CONFIG_HS_ENDPOINT", endpoint, "RCLONE_CONFIG_HS_ENV_AUTH", "false",
                "RCLONE_CONFIG_HS_ACCESS_KEY_ID", keyId, "RCLONE_CONFIG_HS_SECRET_ACCESS_KEY", secret,
                "RCLONE_CONFIG_HS_FORCE_PATH_STYLE", "true", "RCLONE_CONFIG_HS_REGION", "us-east-1"));
    }

    /**
     * s3cmd with a config file of its own, signing (v4) with the cluster's key. Path style (host_bucket
     * without %(bucket)s).
     */
    Run s3cmd(String... args) throws Exception {
        Path config = work.resolve("s3cfg");
        String hostPort = endpoint.replaceFirst("^https?://", "");
        Files.writeString(config, String.join("\n", "[default]", "access_key = " + keyId, "secret_key = " + secret,
                "host_base = " + hostPort, "host_bucket = " + hostPort, "use_https = False", "bucket_location = us-east-1",
                "signature_v2 = False", "check_ssl_certificate = False", ""));
        List<String> command = new ArrayList<>(List.of("s3cmd", "-c", config.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        // The machine's own AWS_* settings (a CA bundle, a profile, keys) are not this cluster's: http, anonymous.
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("RCLONE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes(); // ends when the process closes its output
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " ran longer than 120 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println("$ " + String.join(" ", command) + "\n" + text);
        return new Run(process.exitValue(), text);
    }

    static Run ok(Run run) {
        assertEquals(0, run.exit(), run.out());
        return run;
    }
}
