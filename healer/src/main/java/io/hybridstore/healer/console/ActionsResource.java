package io.hybridstore.healer.console;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code POST /console/api/nodes/{node}/kill|start}: the console's buttons (see {@link ClusterActions}). */
@Path("/console/api/nodes/{node}")
public class ActionsResource {

    private final ClusterActions actions;

    ActionsResource(ClusterActions actions) {
        this.actions = actions;
    }

    @POST
    @Path("kill")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> kill(@PathParam("node") String node, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Map.of("done", actions.perform(ClusterActions.Action.KILL, node, authorization));
    }

    @POST
    @Path("start")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> start(@PathParam("node") String node, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Map.of("done", actions.perform(ClusterActions.Action.START, node, authorization));
    }
}
