package io.hybridstore.gateway.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a data-API resource or method that checks a credential of its own (a signed link's token):
 * {@link io.hybridstore.gateway.auth.ApiAuthFilter} then lets a request without an access key
 * through even with {@code gateway.auth.required=true}. An access key that is sent is still checked.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SelfAuthenticated {
}
