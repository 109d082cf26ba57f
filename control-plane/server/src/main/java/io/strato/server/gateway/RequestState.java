package io.strato.server.gateway;

import io.strato.server.identity.Caller;
import jakarta.enterprise.context.RequestScoped;

/** What the gateway learned about the current request: its ids and the authenticated caller. */
@RequestScoped
public class RequestState {
    private Caller caller;

    public Caller caller() { return caller; }

    public void caller(Caller caller) { this.caller = caller; }
}
