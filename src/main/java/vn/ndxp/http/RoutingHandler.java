package vn.ndxp.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the endpoint of a request's route and writes its reply; turns every failure into an error reply. */
final class RoutingHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(RoutingHandler.class);

    private final Routes routes;
    private final Errors errors;
    private final int maxBodyBytes;
    private final BasicAuth auth;

    /** @param auth the users every request must name, or null for none */
    RoutingHandler(Routes routes, Errors errors, int maxBodyBytes, BasicAuth auth) {
        this.routes = routes;
        this.errors = errors;
        this.maxBodyBytes = maxBodyBytes;
        this.auth = auth;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        send(request, response, callback, answer(request));
        return true;
    }

    private Reply answer(Request request) {
        String method = request.getMethod();
        HttpURI uri = request.getHttpURI();
        if (auth != null && !auth.allows(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            // Before routing, so that an unknown path tells a stranger nothing either.
            return errors.reply(401, "Unauthorized: this server requires a user name and password (HTTP basic authentication)")
                    .withHeader(HttpHeader.WWW_AUTHENTICATE.asString(), auth.challenge());
        }
        try {
            Routes.Match match = routes.find(method, uri.getPath());
            Call call = new Call(method, uri.getPath(), match.params(), uri.getQuery(),
                    name -> request.getHeaders().get(name), () -> Request.asInputStream(request),
                    request.getLength(), maxBodyBytes);
            return match.endpoint().handle(call);
        } catch (HttpError e) {
            Reply reply = errors.reply(e.status(), e.getMessage());
            for (var header : e.headers().entrySet()) {
                reply = reply.withHeader(header.getKey(), header.getValue());
            }
            return reply;
        } catch (Exception e) {
            Reply own = errors.reply(e);
            if (own != null) {
                return own;
            }
            log.error("{} {} failed", method, uri.getPathQuery(), e);
            return errors.reply(500, "the request failed on the server; its log has the details");
        }
    }

    static void send(Request request, Response response, Callback callback, Reply reply) {
        Callback written = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                try {
                    reply.onSent().run();
                } finally {
                    super.succeeded();
                }
            }
        };
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(headers::put);
        if (request.getMethod().equals("HEAD")) {
            headers.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
            response.write(true, BufferUtil.EMPTY_BUFFER, written);
        } else {
            response.write(true, ByteBuffer.wrap(reply.body()), written);
        }
    }
}
