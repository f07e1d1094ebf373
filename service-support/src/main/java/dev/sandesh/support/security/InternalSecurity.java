package dev.sandesh.support.security;

import dev.sandesh.contracts.InternalSignature;
import dev.sandesh.support.config.InternalConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * The internal secret as {@link InternalSignature}: produced for the HTTP identity provider, and
 * installed for {@code contracts.AmqpBody} / {@code WireMessages} before reactive messaging starts
 * (its lifecycle observes {@code StartupEvent} at {@code LIBRARY_BEFORE}; this at {@code PLATFORM_BEFORE}).
 */
@ApplicationScoped
public class InternalSecurity {

    @Produces
    @Singleton
    InternalSignature signature(InternalConfig config) {
        return InternalSignature.of(config.secret(), config.previousSecret());
    }

    void install(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, InternalSignature signature) {
        InternalSignature.install(signature);
    }
}
