package dev.sandesh.sender.persistence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitTest {

    /** A writer whose statements the test completes by hand, answering which items took effect. */
    private static final class Writer {
        final List<List<Integer>> statements = new ArrayList<>();
        final List<CompletableFuture<Set<Integer>>> answers = new ArrayList<>();

        synchronized CompletionStage<Set<Integer>> write(List<Integer> items) {
            statements.add(List.copyOf(items));
            CompletableFuture<Set<Integer>> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }

        void commit(int statement, Integer... tookEffect) {
            answers.get(statement).complete(new HashSet<>(List.of(tookEffect)));
        }
    }

    @Test
    void theFirstRequestIsWrittenAtOnceAndThoseMadeMeanwhileTogetherByTheNextStatement() {
        Writer writer = new Writer();
        GroupCommit<Integer> group = new GroupCommit<>(writer::write, 100);

        CompletableFuture<Boolean> first = group.submit(1).toCompletableFuture();
        assertThat(writer.statements).containsExactly(List.of(1));
        CompletableFuture<Boolean> second = group.submit(2).toCompletableFuture();
        CompletableFuture<Boolean> third = group.submit(3).toCompletableFuture();
        assertThat(writer.statements).as("one statement in flight at a time").hasSize(1);
        assertThat(group.waiting()).isEqualTo(2);
        assertThat(second).isNotDone();

        writer.commit(0, 1);
        assertThat(first).isCompletedWithValue(true);
        assertThat(writer.statements).containsExactly(List.of(1), List.of(2, 3));
        assertThat(second).isNotDone();

        writer.commit(1, 3); // 2 no longer belonged to its delivery
        assertThat(second).isCompletedWithValue(false);
        assertThat(third).isCompletedWithValue(true);
        assertThat(group.waiting()).isZero();

        // Idle again: the next request is written at once.
        group.submit(4);
        assertThat(writer.statements).hasSize(3).last().isEqualTo(List.of(4));
    }

    @Test
    void aFailedStatementFailsEachOfItsRequestsAndTheNextOnesAreStillWritten() {
        Writer writer = new Writer();
        GroupCommit<Integer> group = new GroupCommit<>(writer::write, 100);
        CompletableFuture<Boolean> first = group.submit(1).toCompletableFuture();
        CompletableFuture<Boolean> second = group.submit(2).toCompletableFuture();

        writer.answers.getFirst().completeExceptionally(new IllegalStateException("connection closed"));

        assertThat(first).isCompletedExceptionally();
        assertThat(writer.statements).containsExactly(List.of(1), List.of(2));
        writer.commit(1, 2);
        assertThat(second).isCompletedWithValue(true);
    }

    @Test
    void aWriterThatThrowsFailsTheStatementsRequestsInstead() {
        GroupCommit<Integer> group = new GroupCommit<>(items -> {
            throw new IllegalArgumentException("no pool");
        }, 10);
        assertThat(group.submit(1).toCompletableFuture()).isCompletedExceptionally();
        assertThat(group.submit(2).toCompletableFuture()).as("not stuck as writing").isCompletedExceptionally();
    }

    @Test
    void noStatementTakesMoreThanTheGroupSize() {
        Writer writer = new Writer();
        GroupCommit<Integer> group = new GroupCommit<>(writer::write, 2);
        for (int i = 0; i < 6; i++) {
            group.submit(i);
        }
        writer.commit(0, 0);
        writer.commit(1, 1, 2);
        writer.commit(2, 3, 4);
        assertThat(writer.statements).containsExactly(List.of(0), List.of(1, 2), List.of(3, 4), List.of(5));
    }
}
