package io.hybridstore.healer.console;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The console's data: the snapshot, the same pushed once a second, and the 15-minute history. Each
 * request counts as a look at the console, which keeps a standby's model fed (see {@link ConsoleState}).
 */
@Path("/console/api")
public class ConsoleResource {

    private final ConsoleState state;

    ConsoleResource(ConsoleState state) {
        this.state = state;
    }

    @GET
    @Path("snapshot")
    @Produces(MediaType.APPLICATION_JSON)
    public ConsoleSnapshot snapshot() {
        return state.viewed();
    }

    /** Server-sent events: one snapshot at once (1 ms: Mutiny wants a positive delay), then one a second, until the client goes. */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ConsoleSnapshot> events() {
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(Duration.ofMillis(ConsoleState.TICK_MILLIS))
                .onItem().transform(tick -> state.viewed());
    }

    @GET
    @Path("timeline")
    @Produces(MediaType.APPLICATION_JSON)
    public ConsoleSnapshot.History timeline() {
        state.viewed();
        return state.history();
    }
}
