package dev.sandesh.sender.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Coalesces small writes into few statements (group commit): the first request is written at once;
 * every request made while that write is in flight waits for the next one, which takes them all
 * (at most {@code maxGroup} per statement). So one statement is in flight at a time, a request
 * waits at most for the write before it and its own, and the number of statements falls as the
 * rate of requests rises: at 1,000 requests/s and a 2 ms commit, one statement per two requests,
 * never one per request.
 *
 * <p>The writer answers which of the items it wrote took effect; each request completes with
 * {@code true} or {@code false} accordingly, or fails with the write's failure. Pure Java.
 *
 * @param <T> one request (a value: the writer's answer is matched by {@code equals})
 */
public final class GroupCommit<T> {

    private final Function<List<T>, CompletionStage<Set<T>>> writer;
    private final int maxGroup;
    private List<Pending<T>> pending = new ArrayList<>();
    private boolean writing;

    /**
     * @param writer   writes one group in one statement and answers the items that took effect
     * @param maxGroup the most items one statement takes
     */
    public GroupCommit(Function<List<T>, CompletionStage<Set<T>>> writer, int maxGroup) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.writer = writer;
        this.maxGroup = maxGroup;
    }

    /** @return completes with whether {@code item} took effect, once the statement that wrote it has */
    public CompletionStage<Boolean> submit(T item) {
        Pending<T> request = new Pending<>(item, new CompletableFuture<>());
        List<Pending<T>> group = null;
        synchronized (this) {
            pending.add(request);
            if (!writing) {
                writing = true;
                group = take();
            }
        }
        if (group != null) {
            write(group);
        }
        return request.done;
    }

    /** Requests waiting for the next statement (for tests and meters). */
    public synchronized int waiting() {
        return pending.size();
    }

    // under the lock
    private List<Pending<T>> take() {
        if (pending.size() <= maxGroup) {
            List<Pending<T>> group = pending;
            pending = new ArrayList<>();
            return group;
        }
        List<Pending<T>> group = new ArrayList<>(pending.subList(0, maxGroup));
        pending = new ArrayList<>(pending.subList(maxGroup, pending.size()));
        return group;
    }

    private void write(List<Pending<T>> group) {
        List<T> items = new ArrayList<>(group.size());
        group.forEach(request -> items.add(request.item));
        CompletionStage<Set<T>> written;
        try {
            written = writer.apply(items);
        } catch (RuntimeException failure) {
            written = CompletableFuture.failedFuture(failure);
        }
        written.whenComplete((tookEffect, failure) -> {
            // The next statement leaves before this one's requests resume (they make their own requests then).
            writeNext();
            for (Pending<T> request : group) {
                if (failure != null) {
                    request.done.completeExceptionally(failure);
                } else {
                    request.done.complete(tookEffect.contains(request.item));
                }
            }
        });
    }

    private void writeNext() {
        List<Pending<T>> group;
        synchronized (this) {
            if (pending.isEmpty()) {
                writing = false;
                return;
            }
            group = take();
        }
        write(group);
    }

    private record Pending<T>(T item, CompletableFuture<Boolean> done) {
    }
}
