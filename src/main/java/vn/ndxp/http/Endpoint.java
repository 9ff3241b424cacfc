package vn.ndxp.http;

/** Answers one route. An {@link HttpError} becomes that status; another exception is the server's fault. */
@FunctionalInterface
public interface Endpoint {
    Reply handle(Call call) throws Exception;
}
