package io.hybridstore.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** What an HTTP answer's status means for the exit code, with the server's own words (problem+json {@code detail}). */
final class Answers {
    private Answers() {
    }

    /** Passes a 2xx answer through; anything else becomes the failure its status means. */
    static Http.Answer require(Http.Answer answer, String what) {
        if (answer.ok()) {
            return answer;
        }
        throw failure(answer.status(), what, answer.text());
    }

    static CliFailure failure(int status, String what, String body) {
        String detail = detail(body);
        String message = what + ": " + status + (detail.isEmpty() ? "" : " " + detail);
        return switch (status) {
            case 404 -> CliFailure.notFound(message);
            case 503, 504 -> new CliFailure(ExitCode.FAILED, message + " (retry later)");
            default -> CliFailure.failed(message);
        };
    }

    /** The problem's {@code detail} (or {@code title}), else the body's first line, at most 300 characters. */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = Json.mapper().readTree(body);
            if (n.hasNonNull("detail")) {
                return n.get("detail").asText();
            }
            if (n.hasNonNull("title")) {
                return n.get("title").asText();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: the text itself
        }
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /** The problem type of a 409 tells a kind mismatch (blob vs document) from other conflicts. */
    static boolean kindMismatch(Http.Answer answer) {
        return answer.status() == 409 && answer.text().contains("kind-mismatch");
    }
}
