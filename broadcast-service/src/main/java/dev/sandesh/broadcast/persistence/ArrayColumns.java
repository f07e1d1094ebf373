package dev.sandesh.broadcast.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A list of records as one array per column, the parameters of an
 * {@code INSERT ... SELECT FROM unnest($a::t[], $b::u[], ...)}: one statement for many rows, and
 * one parameter per column however many rows there are. Declared once per statement, in the
 * order of its array parameters; each column's array is of its own element type ({@code Long[]},
 * {@code String[]}), which is what the driver maps to an SQL array of that type.
 *
 * @param <R> the record a row is made from
 */
final class ArrayColumns<R> {

    private record Column<R, V>(IntFunction<V[]> newArray, Function<? super R, ? extends V> value) {

        V[] of(List<? extends R> rows) {
            V[] array = newArray.apply(rows.size());
            for (int i = 0; i < array.length; i++) {
                array[i] = value.apply(rows.get(i));
            }
            return array;
        }
    }

    private final List<Column<R, ?>> columns = new ArrayList<>();

    /** The next array parameter: {@code value} of each row, in an array made by {@code newArray} ({@code String[]::new}). */
    <V> ArrayColumns<R> column(IntFunction<V[]> newArray, Function<? super R, ? extends V> value) {
        columns.add(new Column<>(newArray, value));
        return this;
    }

    /** One array per column, in declaration order, each holding the rows' values in row order. */
    List<Object> arrays(List<? extends R> rows) {
        List<Object> arrays = new ArrayList<>(columns.size());
        for (Column<R, ?> column : columns) {
            arrays.add(column.of(rows));
        }
        return arrays;
    }
}
