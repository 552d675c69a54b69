package io.hybridstore.chaos;

import java.time.Duration;

/**
 * A fault as it happened, times from the start of the load.
 *
 * @param target   the process killed (the healer leader resolved when it fired), null if none was found
 * @param killedAt when the SIGKILL returned (the process had exited); null if it was not injected
 * @param backAt   when the restarted process answered healthy; null if it did not come back
 * @param error    why the fault was not injected or the process not restarted; null when all went well
 */
public record FaultEvent(Fault fault, String target, Duration killedAt, Duration backAt, String error) {

    FaultEvent killed(String process, Duration at) {
        return new FaultEvent(fault, process, at, null, null);
    }

    FaultEvent back(Duration at) {
        return new FaultEvent(fault, target, killedAt, at, null);
    }

    FaultEvent failed(String why) {
        return new FaultEvent(fault, target, killedAt, backAt, why);
    }

    @Override
    public String toString() {
        String what = fault.kind() + " " + (target == null ? "?" : target);
        if (killedAt == null) {
            return what + " NOT INJECTED (planned +" + Fault.seconds(fault.at()) + "): " + error;
        }
        return String.format("+%-7s SIGKILL %-22s %s", Fault.seconds(killedAt), what,
                backAt == null ? "NOT BACK: " + error : "healthy again at +" + Fault.seconds(backAt)
                        + " (down " + Fault.seconds(backAt.minus(killedAt)) + ")");
    }
}
