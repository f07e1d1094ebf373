package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipientCsvTest {

    private static RecipientCsv csv(String text) throws IOException {
        return new RecipientCsv(new BufferedReader(new StringReader(text)));
    }

    private static List<AudienceEntry> readAll(String text) throws IOException {
        RecipientCsv csv = csv(text);
        List<AudienceEntry> entries = new ArrayList<>();
        AudienceEntry entry;
        while ((entry = csv.read()) != null) {
            entries.add(entry);
        }
        return entries;
    }

    @Test
    void eachRowIsARecipientWithItsIdAndParameters() throws IOException {
        assertThat(readAll("phone,external_id,param1,param2\n+919812345678,cust-1,Asha,20%\n+447400123456,,Ravi,10%\n"))
                .containsExactly(
                        new AudienceEntry("+919812345678", List.of("Asha", "20%"), "cust-1"),
                        new AudienceEntry("+447400123456", List.of("Ravi", "10%"), null));
    }

    @Test
    void headerNamesAreReadWhateverTheirCaseAndSpelling() throws IOException {
        assertThat(readAll(" Phone ,externalId,Parameter 1,params_2\n+919812345678,c1,a,b\n"))
                .containsExactly(new AudienceEntry("+919812345678", List.of("a", "b"), "c1"));
        assertThat(readAll("PHONE,EXTERNAL_ID,param.1\n+919812345678,c1,a\n"))
                .containsExactly(new AudienceEntry("+919812345678", List.of("a"), "c1"));
    }

    @Test
    void parametersFollowTheirNumberNotTheirColumnAndOtherColumnsAreVariables() throws IOException {
        assertThat(readAll("param2,name,phone,param1\nsecond,Asha K,+919812345678,first\n"))
                .containsExactly(new AudienceEntry("+919812345678", List.of("first", "second"), null, java.util.Map.of("name", "Asha K")));
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws IOException {
        RecipientCsv csv = csv("phone,external_id,param1\n\"+91 98123, 45678\",\"cust \"\"VIP\"\"\",\"line one\nline two\"\n+447400123456,c2,x\n");

        assertThat(csv.read()).isEqualTo(new AudienceEntry("+91 98123, 45678", List.of("line one\nline two"), "cust \"VIP\""));
        assertThat(csv.line()).as("the record ended on the third physical line").isEqualTo(3);
        assertThat(csv.read().phone()).isEqualTo("+447400123456");
        assertThat(csv.line()).isEqualTo(4);
    }

    @Test
    void windowsLineEndingsAreRead() throws IOException {
        assertThat(readAll("phone,param1\r\n+919812345678,Asha\r\n")).containsExactly(new AudienceEntry("+919812345678", List.of("Asha"), null));
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsIgnoredQuotedOrNot() throws IOException {
        assertThat(readAll("\uFEFFphone,param1\n+919812345678,Asha\n")).extracting(AudienceEntry::phone).containsExactly("+919812345678");
        assertThat(readAll("\uFEFF\"phone\",\"param1\"\n\"+919812345678\",\"Asha\"\n"))
                .containsExactly(new AudienceEntry("+919812345678", List.of("Asha"), null));
    }

    @Test
    void blankLinesAndRowsOfEmptyFieldsAreSkippedAnywhere() throws IOException {
        RecipientCsv csv = csv("\n  \nphone,external_id,param1\n\n+919812345678,c1,a\n,,\n   \n+447400123456,c2,b\n,,\n");

        assertThat(csv.read().externalId()).isEqualTo("c1");
        assertThat(csv.read().externalId()).isEqualTo("c2");
        assertThat(csv.line()).isEqualTo(8);
        assertThat(csv.read()).isNull();
    }

    @Test
    void anEmptyParameterKeepsItsPlaceAndOnlyTrailingEmptyOnesAreDropped() throws IOException {
        assertThat(readAll("phone,param1,param2,param3\n+919812345678,a,,c\n+447400123456,a,,\n+12025550143,a\n"))
                .extracting(AudienceEntry::parameters)
                .containsExactly(List.of("a", "", "c"), List.of("a"), List.of("a"));
    }

    @Test
    void aRowWithoutTheLaterColumnsHasNoIdAndFewerParameters() throws IOException {
        assertThat(readAll("phone,external_id,param1\n+919812345678\n"))
                .containsExactly(new AudienceEntry("+919812345678", List.of(), null));
    }

    @Test
    void aFileWithOnlyTheHeaderHasNoRecipients() throws IOException {
        assertThat(readAll("phone,param1\n")).isEmpty();
    }

    @Test
    void anEmptyFileOrAHeaderWithoutPhoneIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> csv("")).isInstanceOf(RecipientCsv.FormatError.class).hasMessageContaining("empty")
                .satisfies(e -> assertThat(((RecipientCsv.FormatError) e).line()).isEqualTo(1));
        assertThatThrownBy(() -> csv("mobile,param1\n+919812345678,a\n")).isInstanceOf(RecipientCsv.FormatError.class)
                .hasMessageContaining("no 'phone' column");
        assertThatThrownBy(() -> csv("\nnumber\n")).isInstanceOf(RecipientCsv.FormatError.class)
                .satisfies(e -> assertThat(((RecipientCsv.FormatError) e).line()).isEqualTo(2));
    }

    @Test
    void anUnclosedQuoteIsRefusedAtTheLastLineRead() throws IOException {
        RecipientCsv csv = csv("phone,param1\n+919812345678,\"Asha\n+447400123456,Ravi\n");

        assertThatThrownBy(csv::read).isInstanceOf(RecipientCsv.FormatError.class).hasMessageContaining("not closed")
                .satisfies(e -> assertThat(((RecipientCsv.FormatError) e).line()).isEqualTo(3));
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedNamingItBeforeItIsHeld() throws IOException {
        String longName = "x".repeat(200);
        // the parser reads ahead, so the refusal may come with an earlier record (or the header): the whole upload is refused either way
        assertThatThrownBy(() -> {
            RecipientCsv csv = new RecipientCsv(new StringReader("phone,param1\n+919812345678,Asha\n+447400123456," + longName + "\n+12025550143,c\n"), 100);
            while (csv.read() != null) {
                assertThat(csv.line()).isLessThan(3);
            }
        }).isInstanceOf(RecipientCsv.FormatError.class).hasMessageContaining("line 3 is longer than 100 characters")
                .satisfies(e -> assertThat(((RecipientCsv.FormatError) e).line()).isEqualTo(3));
    }

    @Test
    void aQuotedFieldRunningOverManyShortLinesIsBoundedAsARecord() throws IOException {
        StringBuilder text = new StringBuilder("phone,param1\n+919812345678,\"");
        for (int i = 0; i < 2_000; i++) {
            text.append("short line\n");
        }
        text.append("\"\n");
        RecipientCsv csv = new RecipientCsv(new StringReader(text.toString()), 100);

        assertThatThrownBy(csv::read).isInstanceOf(RecipientCsv.FormatError.class).hasMessageContaining("longer than 100 characters");
    }

    @Test
    void aLastLineWithoutALineBreakIsReadAndNumbered() throws IOException {
        RecipientCsv csv = csv("phone,param1\n+919812345678,Asha\n+447400123456,Ravi");

        assertThat(csv.read().phone()).isEqualTo("+919812345678");
        assertThat(csv.read().parameters()).containsExactly("Ravi");
        assertThat(csv.line()).isEqualTo(3);
        assertThat(csv.read()).isNull();
    }

    @Test
    void aNulOrALoneSurrogateInAValueIsRefusedNamingTheLineAndTheColumn() throws IOException {
        RecipientCsv nul = csv("phone,external_id,param1,coupon\n+919812345678,c1,Asha,OK\n+447400123456,c2,Ra\u0000vi,OK\n");
        nul.read();
        assertThatThrownBy(nul::read).isInstanceOf(RecipientCsv.FormatError.class).hasMessageContaining("parameters[0]").hasMessageContaining("NUL")
                .satisfies(e -> assertThat(((RecipientCsv.FormatError) e).line()).isEqualTo(3));

        RecipientCsv surrogate = csv("phone,external_id,coupon\n+919812345678,c1,\uD83D\n");
        assertThatThrownBy(surrogate::read).isInstanceOf(RecipientCsv.FormatError.class).hasMessageContaining("variables.coupon")
                .hasMessageContaining("surrogate");
        RecipientCsv id = csv("phone,external_id\n+919812345678,\u0000\n");
        assertThatThrownBy(id::read).hasMessageContaining("externalId");
        // a pair is a character (an emoji), not a lone surrogate
        assertThat(readAll("phone,param1\n+919812345678,\uD83D\uDE00\n").getFirst().parameters()).containsExactly("\uD83D\uDE00");
    }

    @Test
    void textAfterAClosingQuoteIsRefusedNamingTheLine() throws IOException {
        RecipientCsv csv = csv("phone,param1\n+919812345678,\"Asha\"K\n");

        assertThatThrownBy(csv::read).isInstanceOf(RecipientCsv.FormatError.class).hasMessageContaining("quoted field")
                .satisfies(e -> assertThat(((RecipientCsv.FormatError) e).line()).isEqualTo(2));
    }
}
