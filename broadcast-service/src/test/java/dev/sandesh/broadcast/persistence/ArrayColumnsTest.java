package dev.sandesh.broadcast.persistence;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArrayColumnsTest {

    private record Row(long sequence, String phone) {
    }

    private static final ArrayColumns<Row> COLUMNS = new ArrayColumns<Row>()
            .column(Long[]::new, Row::sequence)
            .column(String[]::new, Row::phone);

    @Test
    void eachColumnIsOneArrayOfItsOwnTypeInDeclarationAndRowOrder() {
        List<Object> arrays = COLUMNS.arrays(List.of(new Row(4, "+919812345678"), new Row(9, null)));

        assertThat(arrays).hasSize(2);
        assertThat(arrays.get(0)).isInstanceOf(Long[].class).isEqualTo(new Long[] {4L, 9L});
        assertThat(arrays.get(1)).isInstanceOf(String[].class).isEqualTo(new String[] {"+919812345678", null});
    }

    @Test
    void noRowsGiveEmptyArraysNotMissingParameters() {
        assertThat(COLUMNS.arrays(List.of())).containsExactly(new Long[0], new String[0]);
    }
}
