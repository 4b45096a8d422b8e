package dev.graft.download;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One attempt at bringing a partial file up to the whole remote file: a GET that asks for the missing tail
 * ({@code Range: bytes=N-}), follows redirects itself (to bound them and name the chain in errors), appends a
 * {@code 206} answer, and starts over on a {@code 200} (a server that ignores ranges sends the whole file).
 *
 * <p>An {@link IOException} means the transfer broke off (dropped connection, stall, timeout): the partial file
 * keeps what arrived and a later attempt resumes. An {@link IllegalStateException} means retrying cannot help
 * (an HTTP error status, a redirect loop).
 */
final class HttpTransfer {
    private static final long POLL_MILLIS = 100;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)");

    private final HttpClient client;
    private final Duration idleTimeout;
    private final int maxRedirects;
    private final DownloadProgress progress;

    HttpTransfer(HttpClient client, Duration idleTimeout, int maxRedirects, DownloadProgress progress) {
        this.client = client;
        this.idleTimeout = idleTimeout;
        this.maxRedirects = maxRedirects;
        this.progress = progress;
    }

    /** Completes {@code part} from {@code url}, resuming from its present length; returns its final length. */
    long complete(URI url, Path part) throws IOException {
        List<URI> chain = new ArrayList<>(List.of(url));
        URI current = url;
        while (true) {
            long existing = Files.exists(part) ? Files.size(part) : 0;
            HttpRequest.Builder request = HttpRequest.newBuilder(current).GET().header("User-Agent", "graft");
            if (existing > 0) {
                request.header("Range", "bytes=" + existing + "-");
            }
            Router router = new Router(part, existing, url, current);
            HttpResponse<Long> response = await(client.sendAsync(request.build(), router), router, current);
            int status = response.statusCode();
            if (REDIRECTS.contains(status)) {
                current = redirectTarget(response, chain);
            } else if (status == 200 || status == 206) {
                long length = Files.size(part);
                progress.finish(length);
                return length;
            } else if (status == 416 && existing > 0) {
                // Nothing left to send from offset `existing`: either the file is already whole, or the part is
                // longer than the remote file (it changed), in which case start over.
                long total = unsatisfiedRangeTotal(response);
                if (total == existing) {
                    return existing;
                }
                progress.message("The partial file " + part + " (" + existing + " bytes) does not fit " + current
                        + (total >= 0 ? " (" + total + " bytes)" : "") + "; starting over");
                Files.delete(part);
            } else {
                throw new IllegalStateException("Download of " + url + " failed: the server answered HTTP " + status
                        + (current.equals(url) ? "" : " for " + current + " (reached by redirect)")
                        + hint(status));
            }
        }
    }

    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> future, Router router, URI current)
            throws IOException {
        long waitingSince = System.nanoTime();
        while (true) {
            try {
                return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                PartFileSubscriber body = router.body;
                long lastData = waitingSince;
                if (body != null) {
                    progress.update(router.existing + body.written());
                    lastData = body.lastDataNanos();
                }
                if (System.nanoTime() - lastData > idleTimeout.toNanos()) {
                    HttpTimeoutException timeout = new HttpTimeoutException("no data from " + current + " for "
                            + idleTimeout.toMillis() + " ms (idle timeout)");
                    abort(future, router, timeout);
                    throw timeout;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException interrupted = new InterruptedIOException("interrupted while downloading "
                        + current);
                abort(future, router, interrupted);
                throw interrupted;
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }
    }

    private static void abort(CompletableFuture<?> future, Router router, IOException reason) {
        PartFileSubscriber body = router.body;
        if (body != null) {
            body.abort(reason);
        }
        future.cancel(true);
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("Unexpected failure of the HTTP client: " + cause, cause);
    }

    private URI redirectTarget(HttpResponse<?> response, List<URI> chain) {
        URI from = chain.get(chain.size() - 1);
        String location = response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "Download of " + chain.get(0) + " failed: HTTP " + response.statusCode() + " redirect from " + from
                        + " without a Location header"));
        URI next;
        try {
            next = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Download of " + chain.get(0) + " failed: " + from
                    + " redirects to an invalid address \"" + location + "\"", e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")
                || from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw new IllegalStateException("Download of " + chain.get(0) + " failed: refusing the redirect from "
                    + from + " to " + next + " (only http(s), and never from https down to http)");
        }
        boolean loop = chain.contains(next);
        chain.add(next);
        if (loop || chain.size() - 1 > maxRedirects) {
            throw new IllegalStateException("Download of " + chain.get(0) + " failed: "
                    + (loop ? "redirect loop" : "more than " + maxRedirects + " redirects") + ": "
                    + chain.stream().map(URI::toString).collect(Collectors.joining(" -> ")));
        }
        return next;
    }

    private static long unsatisfiedRangeTotal(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Range")
                .map(UNSATISFIED_RANGE::matcher)
                .filter(Matcher::matches)
                .map(m -> Long.parseLong(m.group(1)))
                .orElse(-1L);
    }

    private static String hint(int status) {
        if (status == 404 || status == 410) {
            return ": the file is not there (any more); if it moved, give the new address or a mirror";
        }
        if (status == 401 || status == 403) {
            return ": access denied; the file may need a login that Graft cannot give, so download it yourself";
        }
        if (status >= 500) {
            return ": a server-side failure; try again later";
        }
        return "";
    }

    /**
     * Chooses what to do with the body once the status is known: stream a {@code 200} or {@code 206} into the
     * partial file, discard anything else.
     */
    private final class Router implements HttpResponse.BodyHandler<Long> {
        private final Path part;
        private final long existing;
        private final URI original;
        private final URI current;
        private volatile PartFileSubscriber body;

        Router(Path part, long existing, URI original, URI current) {
            this.part = part;
            this.existing = existing;
            this.original = original;
            this.current = current;
        }

        @Override
        public HttpResponse.BodySubscriber<Long> apply(HttpResponse.ResponseInfo info) {
            int status = info.statusCode();
            if (status == 200) {
                if (existing > 0) {
                    progress.message("The server ignored the resume request and sends the whole file; starting over");
                }
                long total = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
                return open(StandardOpenOption.TRUNCATE_EXISTING, 0, total);
            }
            if (status == 206) {
                String range = info.headers().firstValue("Content-Range").orElse("");
                Matcher m = CONTENT_RANGE.matcher(range);
                if (!m.matches() || Long.parseLong(m.group(1)) != existing) {
                    throw new IllegalStateException("Download of " + original + " failed: asked " + current
                            + " for the bytes from " + existing + " and it answered the range \"" + range + "\"");
                }
                long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                return open(StandardOpenOption.APPEND, existing, total);
            }
            return HttpResponse.BodySubscribers.replacing(-1L);
        }

        private PartFileSubscriber open(StandardOpenOption mode, long alreadyOnDisk, long total) {
            try {
                FileChannel channel = FileChannel.open(part, Set.of(StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, mode),
                        UserOnlyFiles.fileAttributes(part.toAbsolutePath().getParent()));
                progress.start(alreadyOnDisk, total);
                body = new PartFileSubscriber(channel);
                return body;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the partial download " + part + ": " + e.getMessage(), e);
            }
        }
    }
}
