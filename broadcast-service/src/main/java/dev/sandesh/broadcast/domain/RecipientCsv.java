package dev.sandesh.broadcast.domain;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads recipients from CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes),
 * one record at a time, with Apache Commons CSV over a {@link BoundedLineReader} (constant memory:
 * no line or record longer than the limit is ever held). The header names the columns: {@code phone} (required),
 * {@code external_id} or {@code externalId}, and the body parameters as {@code param1},
 * {@code param2}, ... in order; every other column is a variable of that name ({@code customer},
 * {@code coupon}), resolving {@code {{customer}}} in the campaign's components. A UTF-8 byte order mark (Excel's "CSV UTF-8") is ignored. Blank
 * lines, and rows whose every field is empty (what spreadsheets export for formatted empty rows),
 * are skipped. An empty parameter keeps its place: only empty trailing parameters are dropped, so a
 * missing {@code param2} never moves {@code param3} into the second placeholder.
 */
public final class RecipientCsv {

    /** RFC 4180 as spreadsheets write it: comma, double quotes, CRLF or LF; blank lines are records of one empty field, skipped below. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).setTrim(false).get();

    private final BoundedLineReader text;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int phone;
    private final int externalId;
    private final int[] parameters;
    private final List<String> variableNames;
    private final int[] variables;
    private long line;

    /** Reads {@code reader} with lines of at most 64 KiB characters. */
    public RecipientCsv(Reader reader) throws IOException {
        this(reader, 65_536);
    }

    /**
     * @param maxLineChars the longest line taken (and, for a quoted field spanning lines, the longest record): a longer
     *                     one fails with a {@link FormatError} naming its line before it is held in memory
     */
    public RecipientCsv(Reader reader, int maxLineChars) throws IOException {
        this.text = new BoundedLineReader(reader, maxLineChars, maxLineChars, true);
        this.parser = CSVParser.builder().setReader(text).setFormat(FORMAT).get();
        this.records = parser.iterator();
        List<String> header = nextNonBlank();
        if (header == null) {
            throw new FormatError(Math.max(1, line), "the CSV is empty: expected a header such as phone,external_id,param1");
        }
        int phoneAt = -1;
        int externalAt = -1;
        List<int[]> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> variableColumns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim().toLowerCase(Locale.ROOT);
            String asWritten = header.get(i).trim();
            Optional<String> unstorable = TextRules.problem(asWritten);
            if (unstorable.isPresent()) {
                throw new FormatError(line, "column " + (i + 1) + "'s name " + unstorable.get());
            }
            if (name.equals("phone")) {
                phoneAt = i;
            } else if (name.equals("external_id") || name.equals("externalid")) {
                externalAt = i;
            } else if (name.matches("param(eter)?s?[._ ]?\\d{1,9}")) {
                params.add(new int[]{Integer.parseInt(name.replaceAll("\\D", "")), i});
            } else if (!asWritten.isEmpty()) {
                if (names.contains(asWritten)) {
                    throw new FormatError(line, "the header names the column '" + asWritten + "' twice");
                }
                names.add(asWritten);
                variableColumns.add(i);
            }
        }
        if (phoneAt < 0) {
            throw new FormatError(line, "the header has no 'phone' column");
        }
        params.sort((a, b) -> Integer.compare(a[0], b[0]));
        this.phone = phoneAt;
        this.externalId = externalAt;
        this.parameters = params.stream().mapToInt(p -> p[1]).toArray();
        this.variableNames = List.copyOf(names);
        this.variables = variableColumns.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The next recipient, or null at the end. A value holding NUL or a lone surrogate fails with a {@link FormatError} naming the column. */
    public AudienceEntry read() throws IOException {
        List<String> fields = nextNonBlank();
        if (fields == null) {
            return null;
        }
        List<String> params = new ArrayList<>(parameters.length);
        for (int column : parameters) {
            params.add(column < fields.size() ? fields.get(column) : "");
        }
        while (!params.isEmpty() && params.getLast().isEmpty()) {
            params.removeLast();
        }
        Map<String, String> values = new HashMap<>();
        for (int v = 0; v < variables.length; v++) {
            values.put(variableNames.get(v), variables[v] < fields.size() ? fields.get(variables[v]) : "");
        }
        AudienceEntry entry = new AudienceEntry(field(fields, phone), params, externalId < 0 ? null : blankToNull(field(fields, externalId)), values);
        Optional<String> unstorable = TextRules.problem(entry);
        if (unstorable.isPresent()) {
            throw new FormatError(line, unstorable.get());
        }
        return entry;
    }

    /** The physical line the last record ended on (1 = header). */
    public long line() {
        return line;
    }

    private static String field(List<String> fields, int i) {
        return i < fields.size() ? fields.get(i) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The next record that has a non-blank field, or null at the end. */
    private List<String> nextNonBlank() throws IOException {
        List<String> fields;
        do {
            fields = next();
        } while (fields != null && fields.stream().allMatch(String::isBlank));
        return fields;
    }

    private List<String> next() throws IOException {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            text.recordRead();
            // the reader ends every input with a line break, so the parser's count of breaks is the line the record ended on
            line = parser.getCurrentLineNumber();
            return record.toList();
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FormatError format) {
                throw format;
            }
            if (cause instanceof IOException io) {
                throw new FormatError(Math.max(1, parser.getCurrentLineNumber()), readable(io.getMessage()));
            }
            throw e;
        }
    }

    /** Commons CSV's messages, in the words this API uses. */
    private static String readable(String message) {
        if (message != null && message.contains("EOF reached before encapsulated token finished")) {
            return "a quoted field is not closed";
        }
        if (message != null && message.contains("Invalid character between encapsulated token and delimiter")) {
            return "a quoted field is followed by other characters before the next comma (write \"\" for a quote inside quotes)";
        }
        return "the CSV cannot be read: " + message;
    }

    /** The CSV cannot be read; {@code line} says where. */
    public static final class FormatError extends IOException {

        private final long line;

        public FormatError(long line, String message) {
            super(message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }
}
