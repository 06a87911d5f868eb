package io.kith.identity;

import io.kith.event.EventStore;
import io.kith.event.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The identity graph's whole state at one store sequence, in a compact binary form, so that a start can load it and
 * resolve only the events stored after it instead of every event (seconds instead of ~24 s at 10 M events).
 *
 * <p>The format, version {@value #FORMAT}: the magic {@code KITHIDS\n}; the format version; the {@link Basis} it was
 * made under (digests of the rules and the overrides, the store sequence of the last event it holds and a digest of that
 * event); the body ({@link IdentityGraph}'s state, then the latest alerts and the alert counts); a CRC-32C of everything
 * before it. A snapshot is used only when its basis still holds: the same rules and overrides, and a store that holds
 * the same event at that sequence (the log's tail as the snapshot saw it: a store rebuilt, restored from a backup or
 * behind the snapshot does not). Anything else — damaged, of another format, made under other rules — is refused with
 * the reason, and the graph is rebuilt from every event as without a snapshot.
 *
 * <p>It holds identifiers in clear: an erasure or a retention pass must {@link IdentitySnapshots#forget forget} it.
 */
public final class IdentitySnapshot {
    /** 2: the events refused an identifier by a rule that read the state are kept (a removal after a start needs them). */
    static final int FORMAT = 2;
    private static final byte[] MAGIC = "KITHIDS\n".getBytes(StandardCharsets.US_ASCII);

    private IdentitySnapshot() {
    }

    /** What a snapshot was made under; {@code sequence} is the store sequence of the last event its graph holds. */
    record Basis(String rules, String overrides, long sequence, long event) {
    }

    /** What reading a snapshot gave. */
    public sealed interface Outcome {
        /** The graph it held, at {@code sequence}, with the latest alerts and the alert counts of the events up to it. */
        record Loaded(IdentityGraph graph, long sequence, List<IdentityAlert> alerts, Map<IdentityAlert.Kind, Long> alertCounts) implements Outcome {
        }

        /** Not used, and why (for the log: no identifier values in it). */
        record Refused(String reason) implements Outcome {
        }
    }

    /**
     * Writes a snapshot of {@code graph}, which must not change meanwhile (call it on the thread that applies events to
     * it), made under {@code rules} and {@code overrides}; {@code store} holds its events (the last one is read for the
     * basis).
     */
    static void write(IdentityGraph graph, IdentityRules rules, IdentityOverrides overrides, List<IdentityAlert> alerts,
                      Map<IdentityAlert.Kind, Long> alertCounts, EventStore store, OutputStream out) throws IOException {
        long sequence = graph.lastSequence();
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32C());
        SnapshotWriter w = new SnapshotWriter(checked);
        for (byte b : MAGIC) {
            w.writeByte(b);
        }
        w.writeInt(FORMAT);
        w.writeString(digest(rules));
        w.writeString(digest(overrides));
        w.writeLong(sequence);
        w.writeLong(eventDigest(store, sequence));
        graph.writeTo(w);
        w.writeCount(alerts.size());
        for (IdentityAlert a : alerts) {
            w.writeSymbol(a.kind().name());
            w.writeString(a.profileId());
            w.writeLong(a.sequence());
            w.writeSymbol(a.identifierType());
            w.writeString(a.detail());
        }
        w.writeCount(alertCounts.size());
        for (Map.Entry<IdentityAlert.Kind, Long> e : alertCounts.entrySet()) {
            w.writeSymbol(e.getKey().name());
            w.writeLong(e.getValue());
        }
        w.flush();
        long crc = checked.getChecksum().getValue();
        byte[] trailer = new byte[8];
        for (int i = 0; i < 8; i++) {
            trailer[i] = (byte) (crc >>> (8 * i));
        }
        out.write(trailer);
        out.flush();
    }

    /**
     * Reads a snapshot of {@code length} bytes, to resolve on with these rules, overrides and sources, if it was made
     * under them and {@code store} still holds the event it ends with.
     */
    static Outcome read(InputStream in, long length, IdentityRules rules, IdentityOverrides overrides, Function<String, IdentityGraph.SourceInfo> sources,
                        Consumer<IdentityAlert> alertSink, EventStore store) {
        if (length < MAGIC.length + 12) {
            return new Outcome.Refused("the snapshot is " + length + " bytes long");
        }
        try {
            CheckedInputStream checked = new CheckedInputStream(in, new CRC32C());
            SnapshotReader r = new SnapshotReader(checked, length - 8);
            byte[] magic = new byte[MAGIC.length];
            r.readFully(magic, 0, magic.length);
            if (!Arrays.equals(magic, MAGIC)) {
                return new Outcome.Refused("not an identity snapshot");
            }
            int format = r.readInt();
            if (format != FORMAT) {
                return new Outcome.Refused("format " + format + " (this Kith reads format " + FORMAT + ")");
            }
            Basis basis = new Basis(r.readString(), r.readString(), r.readLong(), r.readLong());
            if (!digest(rules).equals(basis.rules())) {
                return new Outcome.Refused("made under other identity rules");
            }
            if (!digest(overrides).equals(basis.overrides())) {
                return new Outcome.Refused("made under other identity overrides");
            }
            long last = store.lastSequence();
            if (last < basis.sequence()) {
                return new Outcome.Refused("made at store sequence " + basis.sequence() + ", and the store ends at " + last);
            }
            if (eventDigest(store, basis.sequence()) != basis.event()) {
                return new Outcome.Refused("the store holds another event at sequence " + basis.sequence() + " than the snapshot saw");
            }
            IdentityGraph graph = IdentityGraph.readFrom(r, rules, overrides, sources, alertSink);
            if (graph.lastSequence() != basis.sequence()) {
                return new Outcome.Refused("the graph ends at sequence " + graph.lastSequence() + ", not " + basis.sequence());
            }
            int alertCount = r.readCount(8);
            List<IdentityAlert> alerts = new ArrayList<>(alertCount);
            for (int i = 0; i < alertCount; i++) {
                alerts.add(new IdentityAlert(kind(r.readSymbol()), r.readString(), r.readLong(), r.readSymbol(), r.readString()));
            }
            int kinds = r.readCount(9);
            Map<IdentityAlert.Kind, Long> counts = new EnumMap<>(IdentityAlert.Kind.class);
            for (int i = 0; i < kinds; i++) {
                counts.put(kind(r.readSymbol()), r.readLong());
            }
            if (r.remaining() != 0) {
                return new Outcome.Refused(r.remaining() + " bytes more than the snapshot holds");
            }
            long crc = checked.getChecksum().getValue();
            byte[] trailer = in.readNBytes(8);
            long stored = 0;
            for (int i = trailer.length - 1; i >= 0; i--) {
                stored = (stored << 8) | (trailer[i] & 0xff);
            }
            if (trailer.length != 8 || stored != crc) {
                return new Outcome.Refused("its checksum does not match (damaged)");
            }
            return new Outcome.Loaded(graph, basis.sequence(), alerts, counts);
        } catch (SnapshotReader.Corrupt | SnapshotReader.Stale e) {
            return new Outcome.Refused(e.getMessage());
        } catch (IOException e) {
            return new Outcome.Refused("it could not be read: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // A damaged body can still decode into something the graph's own checks refuse.
            return new Outcome.Refused("it is damaged: " + e.getClass().getSimpleName());
        }
    }

    private static IdentityAlert.Kind kind(String name) throws SnapshotReader.Corrupt {
        for (IdentityAlert.Kind k : IdentityAlert.Kind.values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new SnapshotReader.Corrupt("an alert of kind \"" + name + "\"");
    }

    /** The identity rules, as their JSON says them. */
    static String digest(IdentityRules rules) {
        return sha256(rules.json());
    }

    /** The overrides: the distinct pairs in order, the unlinked identifiers sorted (a set has no order of its own). */
    static String digest(IdentityOverrides overrides) {
        StringBuilder b = new StringBuilder();
        for (IdentityOverrides.Pair p : overrides.distinct()) {
            b.append("d\u0000").append(p.a()).append('\u0000').append(p.b()).append('\n');
        }
        overrides.unlinked().stream().sorted().forEach(id -> b.append("u\u0000").append(id).append('\n'));
        return sha256(b.toString());
    }

    /** 64 bits of what identifies the stored event at {@code sequence} (0 when there is none). */
    static long eventDigest(EventStore store, long sequence) {
        List<StoredEvent> at = store.scan(sequence, 1);
        if (at.isEmpty() || at.get(0).sequence() != sequence) {
            return 0;
        }
        io.kith.event.Event e = at.get(0).event();
        String said = e.sourceId() + '\u0000' + e.messageId() + '\u0000' + e.type() + '\u0000' + e.timestamp() + '\u0000' + e.receivedAt()
                + '\u0000' + e.userId() + '\u0000' + e.anonymousId();
        byte[] h = sha256Bytes(said);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return v == 0 ? 1 : v;
    }

    private static String sha256(String s) {
        return HexFormat.of().formatHex(sha256Bytes(s));
    }

    private static byte[] sha256Bytes(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
