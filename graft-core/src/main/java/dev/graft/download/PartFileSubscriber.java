package dev.graft.download;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams a response body onto the end of the partial file as it arrives, one buffer list at a time. It records
 * when data last came, so the waiting thread can abandon a stalled transfer; what was written stays on disk for
 * the next attempt to resume from. Its body is the number of bytes this response added.
 */
final class PartFileSubscriber implements HttpResponse.BodySubscriber<Long> {
    private final FileChannel channel;
    private final AtomicLong written = new AtomicLong();
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastDataNanos = System.nanoTime();

    PartFileSubscriber(FileChannel channel) {
        this.channel = channel;
    }

    /** Bytes this response has written so far. */
    long written() {
        return written.get();
    }

    /** {@link System#nanoTime()} when data last arrived (or when the headers did). */
    long lastDataNanos() {
        return lastDataNanos;
    }

    /** Stops the transfer (a stall, an interrupt): the connection is dropped, the file keeps what arrived. */
    void abort(IOException reason) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        fail(reason);
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        try {
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    written.addAndGet(channel.write(buffer));
                }
            }
            lastDataNanos = System.nanoTime();
            subscription.request(1);
        } catch (IOException e) {
            abort(e);
        }
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    @Override
    public void onComplete() {
        try {
            channel.force(false);
            channel.close();
            result.complete(written.get());
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(Throwable error) {
        try {
            channel.close();
        } catch (IOException closing) {
            error.addSuppressed(closing);
        }
        result.completeExceptionally(error);
    }
}
