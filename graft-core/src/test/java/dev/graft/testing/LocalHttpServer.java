package dev.graft.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 for download tests: each path gets a {@link Route} (a file with range support,
 * a connection dropped halfway, a status, a redirect, a stall), and every request is recorded with its
 * {@code Range} header. No test touches the network.
 */
public final class LocalHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    /** A recorded request: its path and its {@code Range} header (null when absent). */
    public record Request(String path, String range) {
    }

    /** What the server does for one request; {@code hit} counts this path's requests from 1. */
    @FunctionalInterface
    public interface Route {
        void handle(HttpExchange exchange, int hit) throws IOException;
    }

    private LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** A started server on a free port. */
    public static LocalHttpServer start() throws IOException {
        return new LocalHttpServer();
    }

    /** The address of {@code path} on this server. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Serves {@code path} with {@code route}. */
    public LocalHttpServer route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    /** The requests received for {@code path}, in order. */
    public List<Request> requests(String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        synchronized (requests) {
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Range")));
        }
        int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Route route = routes.get(path);
        try {
            if (route == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                route.handle(exchange, hit);
            }
        } finally {
            exchange.close();
        }
    }

    /** The whole file, or its tail from a {@code Range: bytes=N-} request (206), as a real server does. */
    public static Route file(byte[] content) {
        return (exchange, hit) -> send(exchange, content, true, content.length);
    }

    /**
     * The file with range support, but the first {@code times} responses promise all the remaining bytes and stop
     * after half of them, dropping the connection.
     */
    public static Route droppingFirst(int times, byte[] content) {
        return (exchange, hit) -> send(exchange, content, true, hit <= times ? content.length / 2 : content.length);
    }

    /** The whole file with status 200 whatever the request asks (a server without range support). */
    public static Route ignoringRange(byte[] content) {
        return (exchange, hit) -> send(exchange, content, false, content.length);
    }

    /** The first {@code times} responses send a tenth of the file, then nothing for {@code stall}; then the file. */
    public static Route stallingFirst(int times, Duration stall, byte[] content) {
        return (exchange, hit) -> {
            if (hit > times) {
                send(exchange, content, true, content.length);
                return;
            }
            exchange.sendResponseHeaders(200, content.length);
            OutputStream out = exchange.getResponseBody();
            out.write(content, 0, content.length / 10);
            out.flush();
            try {
                Thread.sleep(stall.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled on purpose");
        };
    }

    /** An empty response with {@code status}. */
    public static Route status(int status) {
        return (exchange, hit) -> exchange.sendResponseHeaders(status, -1);
    }

    /** A 302 to {@code location}. */
    public static Route redirect(String location) {
        return (exchange, hit) -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    /**
     * Answers with {@code content} from the requested offset (when {@code honourRange}), promising every
     * remaining byte but writing only up to absolute offset {@code stopAt}; stopping early drops the connection.
     */
    private static void send(HttpExchange exchange, byte[] content, boolean honourRange, int stopAt)
            throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        int start = honourRange && m != null && m.matches() ? Integer.parseInt(m.group(1)) : 0;
        if (start >= content.length && start > 0) {
            exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        if (start > 0) {
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        exchange.sendResponseHeaders(start > 0 ? 206 : 200, content.length - start);
        OutputStream out = exchange.getResponseBody();
        int end = Math.max(start, Math.min(stopAt, content.length));
        out.write(content, start, end - start);
        out.flush();
        if (end < content.length) {
            // Throwing makes the server drop the connection with the body incomplete.
            throw new IOException("connection dropped on purpose after " + end + " bytes");
        }
    }
}
