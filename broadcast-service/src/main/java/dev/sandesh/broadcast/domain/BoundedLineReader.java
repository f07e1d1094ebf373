package dev.sandesh.broadcast.domain;

import java.io.IOException;
import java.io.Reader;

/**
 * A reader that refuses text with overlong lines before it is buffered: a line (the characters
 * between two line breaks) longer than {@code maxLineChars} fails with a
 * {@link RecipientCsv.FormatError} naming that line, and so does a record that runs on for more than
 * {@code maxRecordChars} since {@link #recordRead()} was last called (a CSV quoted field may span
 * lines; the bound is checked on what was read, which includes up to {@link #READ_AHEAD} characters
 * a buffering reader fetched ahead). Whatever reads through it therefore holds at most about one
 * line or record plus its own buffer, whatever the upload's size.
 *
 * <p>A UTF-8 byte order mark at the very start is dropped (Excel's "CSV UTF-8"), and with
 * {@code endWithLineBreak} a last line without a line break gets one, so every record's line
 * number is the line it ends on.
 */
public final class BoundedLineReader extends Reader {

    /** What a buffering reader on top (Commons CSV, {@link java.io.BufferedReader}) may fetch ahead of the record it parses. */
    public static final int READ_AHEAD = 8_192;

    private final Reader in;
    private final int maxLineChars;
    private final long maxRecordChars;
    private final boolean endWithLineBreak;
    private long line = 1;
    private long lineChars;
    private long recordChars;
    private boolean started;
    private boolean endsWithBreak = true;
    private boolean ended;

    /** No bound on records beyond the line bound: for text whose records are its lines (NDJSON), where nobody calls {@link #recordRead()}. */
    private static final long LINES_ARE_RECORDS = Long.MAX_VALUE - READ_AHEAD;

    /** A reader of line-delimited records (NDJSON): every line is one record, bounded by {@code maxLineChars}. */
    public static BoundedLineReader lines(Reader in, int maxLineChars) {
        return new BoundedLineReader(in, maxLineChars, LINES_ARE_RECORDS, false);
    }

    public BoundedLineReader(Reader in, int maxLineChars, long maxRecordChars, boolean endWithLineBreak) {
        if (maxLineChars < 1 || maxRecordChars < maxLineChars) {
            throw new IllegalArgumentException("need 1 <= maxLineChars <= maxRecordChars, got " + maxLineChars + ", " + maxRecordChars);
        }
        this.in = in;
        this.maxLineChars = maxLineChars;
        this.maxRecordChars = maxRecordChars;
        this.endWithLineBreak = endWithLineBreak;
    }

    /** The line being read (1-based): the one after the last line break read. */
    public long line() {
        return line;
    }

    /** A record ended: the record bound starts again from here. */
    public void recordRead() {
        recordChars = 0;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (ended) {
            return -1;
        }
        int n = in.read(buffer, offset, length);
        if (!started && n > 0) {
            started = true;
            if (buffer[offset] == '\uFEFF') {
                System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                n--;
                if (n == 0) {
                    return read(buffer, offset, length);
                }
            }
        }
        if (n < 0) {
            ended = true;
            if (endWithLineBreak && !endsWithBreak) {
                endsWithBreak = true;
                buffer[offset] = '\n';
                return 1;
            }
            return -1;
        }
        for (int i = offset; i < offset + n; i++) {
            char c = buffer[i];
            if (c == '\n') {
                line++;
                lineChars = 0;
            } else if (c != '\r' && ++lineChars > maxLineChars) {
                throw new RecipientCsv.FormatError(line, "line " + line + " is longer than " + maxLineChars + " characters");
            }
            if (++recordChars > maxRecordChars + READ_AHEAD) {
                throw new RecipientCsv.FormatError(line, "the record ending on line " + line + " is longer than " + maxRecordChars + " characters");
            }
        }
        if (n > 0) {
            endsWithBreak = buffer[offset + n - 1] == '\n';
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
