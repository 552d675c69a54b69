package io.hybridstore.gateway.auth;

import io.hybridstore.gateway.api.SelfAuthenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A test-only resource that, like a signed link, checks its own credential. */
@Path("/test-self-authenticated")
public class SelfAuthenticatedProbe {

    @GET
    @SelfAuthenticated
    public String get() {
        return "ok";
    }
}
