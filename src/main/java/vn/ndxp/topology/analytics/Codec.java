package vn.ndxp.topology.analytics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact binary encoding of the analytics state and partials: unsigned LEB128 varints,
 * zig-zag for signed values, length-prefixed UTF-8 strings and byte blocks. Hand-written rather
 * than Avro because these values are written once per event on the hot path and never leave the
 * application's own stores and internal topics; the output topics use Avro.
 */
final class Codec {
    private Codec() {}

    /** A growable output buffer. Not thread-safe; reusable with {@link #reset()}. */
    static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        Writer reset() {
            pos = 0;
            return this;
        }

        int size() {
            return pos;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        Writer writeByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
            return this;
        }

        Writer writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
            return this;
        }

        /** Zig-zag: small negative numbers stay small. */
        Writer writeSignedVarLong(long v) {
            return writeVarLong((v << 1) ^ (v >> 63));
        }

        Writer writeDouble(double d) {
            long bits = Double.doubleToRawLongBits(d);
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[pos++] = (byte) (bits >>> (8 * i));
            }
            return this;
        }

        /** UTF-8 with its length; ASCII (every catalog code) is copied without an intermediate array. */
        Writer writeString(String s) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                if (s.charAt(i) >= 0x80) {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    writeVarLong(bytes.length);
                    return writeRaw(bytes, 0, bytes.length);
                }
            }
            writeVarLong(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
            return this;
        }

        Writer writeBytes(byte[] bytes, int offset, int length) {
            writeVarLong(length);
            return writeRaw(bytes, offset, length);
        }

        Writer writeRaw(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buf, pos, length);
            pos += length;
            return this;
        }

        /** The internal buffer (valid up to {@link #size()}), for handing to another writer without a copy. */
        byte[] buffer() {
            return buf;
        }
    }

    /** Reads what a {@link Writer} wrote. */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf) {
            this(buf, 0, buf.length);
        }

        Reader(byte[] buf, int offset, int length) {
            this.buf = buf;
            this.pos = offset;
            this.end = offset + length;
        }

        boolean hasRemaining() {
            return pos < end;
        }

        int position() {
            return pos;
        }

        byte[] buffer() {
            return buf;
        }

        int readByte() {
            check(1);
            return buf[pos++] & 0xFF;
        }

        long readVarLong() {
            long v = 0;
            int shift = 0;
            while (true) {
                check(1);
                byte b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalArgumentException("varint too long at " + pos);
                }
            }
        }

        int readVarInt() {
            return Math.toIntExact(readVarLong());
        }

        long readSignedVarLong() {
            long v = readVarLong();
            return (v >>> 1) ^ -(v & 1);
        }

        double readDouble() {
            check(8);
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits |= (buf[pos++] & 0xFFL) << (8 * i);
            }
            return Double.longBitsToDouble(bits);
        }

        String readString() {
            int n = readVarInt();
            check(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        /** Skips a length-prefixed block and returns its start; its length is {@code position() - start}. */
        int skipBlock() {
            int n = readVarInt();
            check(n);
            int start = pos;
            pos += n;
            return start;
        }

        private void check(int n) {
            if (n < 0 || pos + n > end) {
                throw new IllegalArgumentException("truncated: need " + n + " bytes at " + pos + " of " + end);
            }
        }
    }
}
