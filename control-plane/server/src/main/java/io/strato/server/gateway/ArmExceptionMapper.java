package io.strato.server.gateway;

import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Every failure leaves the server as an ARM error envelope; nothing unexpected is shown as anything but 500. */
@Provider
public class ArmExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ArmExceptionMapper.class);

    @Override
    public Response toResponse(Throwable t) {
        if (t instanceof ArmException e) return Responses.error(e.status(), e.error());
        if (t instanceof NotFoundException) {
            return Responses.error(404, new ArmError(ArmErrorCode.NotFound.name(), "The requested resource does not exist.", null));
        }
        if (t instanceof NotAllowedException) {
            return Responses.error(405, new ArmError(ArmErrorCode.MethodNotAllowed.name(), "The requested method is not allowed for this resource.", null));
        }
        if (t instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            int s = w.getResponse().getStatus();
            String code = s == 413 ? ArmErrorCode.RequestEntityTooLarge.name() : s == 415 ? ArmErrorCode.UnsupportedMediaType.name() : ArmErrorCode.BadRequest.name();
            return Responses.error(s, new ArmError(code, w.getMessage(), null));
        }
        LOG.error("unexpected failure while serving a request", t);
        return Responses.error(500, new ArmError(ArmErrorCode.InternalServerError.name(),
                "The server encountered an internal error. Please retry the request.", null));
    }
}
