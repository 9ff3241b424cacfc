package vn.ndxp.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself (a malformed request line, headers too large, a bad URI, a 503
 * from the request queue), in the server's own error form instead of Jetty's HTML page.
 */
final class ErrorBodies extends ErrorHandler {
    private final Errors errors;

    ErrorBodies(Errors errors) {
        this.errors = errors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        Object message = request.getAttribute(ERROR_MESSAGE);
        RoutingHandler.send(request, response, callback, errors.reply(status, text(status, message)));
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Reply reply = errors.reply(status, text(status, reason));
        fields.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        return ByteBuffer.wrap(reply.body());
    }

    private static String text(int status, Object message) {
        return message == null || message.toString().isBlank() ? HttpStatus.getMessage(status) : message.toString();
    }
}
