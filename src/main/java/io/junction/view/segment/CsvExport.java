package io.junction.view.segment;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A segment's opted-in customers as RFC 4180 CSV (a header row, CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled, formulas neutralised), produced while it is read: one batch of rows from the database
 * at a time, after the last id sent, so an export of any size holds one batch in memory and no database connection
 * between batches. When it ends (or the caller hangs up) {@code done} gets the number of customers sent.
 */
final class CsvExport extends InputStream {

    static final String HEADER =
            "id,email,phone,first_name,last_name,preferred_channel,tier,stage,lifetime_value,order_count,last_order_at";

    private static final Pattern FORMULA = Pattern.compile("[=+\\-@\t\r]");
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    private final SegmentStore store;
    private final Segment segment;
    private final int batch;
    private final IntConsumer done;
    private byte[] buffer = (HEADER + "\r\n").getBytes(StandardCharsets.UTF_8);
    private int position;
    private String lastId;
    private boolean exhausted;
    private boolean reported;
    private int rows;

    CsvExport(SegmentStore store, Segment segment, int batch, IntConsumer done) {
        this.store = store;
        this.segment = segment;
        this.batch = batch;
        this.done = done;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        while (position == buffer.length) {
            if (exhausted) {
                close();
                return -1;
            }
            fill();
        }
        int n = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        if (!reported) {
            reported = true;
            done.accept(rows);
        }
    }

    private void fill() {
        List<SegmentMember> members = store.optedInAfter(segment, lastId, batch);
        exhausted = members.size() < batch;
        StringBuilder text = new StringBuilder();
        for (SegmentMember m : members) {
            text.append(line(m)).append("\r\n");
            lastId = m.id();
        }
        rows += members.size();
        buffer = text.toString().getBytes(StandardCharsets.UTF_8);
        position = 0;
    }

    static String line(SegmentMember m) {
        return Stream.of(
                        m.id(),
                        m.email(),
                        m.phone(),
                        m.firstName(),
                        m.lastName(),
                        m.preferredChannel(),
                        m.tier(),
                        m.stage(),
                        m.lifetimeValue() == null ? null : m.lifetimeValue().toPlainString(),
                        String.valueOf(m.orderCount()),
                        m.lastOrderAt() == null ? null : m.lastOrderAt().toString())
                .map(CsvExport::field)
                .collect(Collectors.joining(","));
    }

    /**
     * RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes doubled; null is empty. A
     * value a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a carriage return: a name or an
     * e-mail a shopper typed) gets a leading single quote first, so it is shown as text, not run (OWASP CSV injection).
     * A plain number (a phone in E.164, an amount below zero) is left as it is: a spreadsheet runs nothing in it.
     */
    static String field(String raw) {
        if (raw == null) {
            return "";
        }
        String value = FORMULA.matcher(raw).lookingAt() && !NUMBER.matcher(raw).matches() ? "'" + raw : raw;
        boolean quote = value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
