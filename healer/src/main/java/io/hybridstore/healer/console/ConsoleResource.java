package io.hybridstore.healer.console;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The console's data: the snapshot, the same pushed once a second, and the 15-minute history. */
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
        return state.snapshot();
    }

    /** Server-sent events: one snapshot at once (1 ms: Mutiny wants a positive delay), then one a second, until the client goes. */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ConsoleSnapshot> events() {
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(Duration.ofMillis(ConsoleState.TICK_MILLIS))
                .onItem().transform(tick -> state.snapshot());
    }

    @GET
    @Path("timeline")
    @Produces(MediaType.APPLICATION_JSON)
    public ConsoleSnapshot.History timeline() {
        return state.history();
    }
}
