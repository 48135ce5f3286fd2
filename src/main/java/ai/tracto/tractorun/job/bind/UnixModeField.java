package ai.tracto.tractorun.job.bind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The Info-ZIP "ASi Unix" extra field (header id 0x756e), which carries a Unix mode. We use it
 * because java.util.zip cannot set an entry's external attributes, where zip tools usually keep
 * the mode; this field survives both ZipFile and ZipInputStream and is understood by Info-ZIP.
 */
final class UnixModeField {
    private static final short HEADER_ID = 0x756e;
    private static final int DATA_SIZE = 4 + 2 + 4 + 2 + 2; // crc, mode, sizdev, uid, gid
    static final int REGULAR_FILE = 0100000;
    static final int DIRECTORY = 0040000;

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private UnixModeField() {}

    static byte[] encode(int mode) {
        ByteBuffer rest = ByteBuffer.allocate(DATA_SIZE - 4).order(ByteOrder.LITTLE_ENDIAN);
        rest.putShort((short) mode).putInt(0).putShort((short) 0).putShort((short) 0);
        CRC32 crc = new CRC32();
        crc.update(rest.array());
        ByteBuffer field = ByteBuffer.allocate(4 + DATA_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        field.putShort(HEADER_ID).putShort((short) DATA_SIZE).putInt((int) crc.getValue()).put(rest.array());
        return field.array();
    }

    /** The mode stored in {@code extra}, if the field is there and intact. */
    static OptionalInt decode(byte[] extra) {
        if (extra == null) {
            return OptionalInt.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= 4) {
            short id = buffer.getShort();
            int size = Short.toUnsignedInt(buffer.getShort());
            if (size > buffer.remaining()) {
                return OptionalInt.empty();
            }
            if (id == HEADER_ID && size >= DATA_SIZE) {
                long storedCrc = Integer.toUnsignedLong(buffer.getInt());
                byte[] rest = new byte[size - 4];
                buffer.get(rest);
                CRC32 crc = new CRC32();
                crc.update(rest);
                if (crc.getValue() != storedCrc) {
                    return OptionalInt.empty();
                }
                return OptionalInt.of(Short.toUnsignedInt(ByteBuffer.wrap(rest).order(ByteOrder.LITTLE_ENDIAN)
                        .getShort()));
            }
            buffer.position(buffer.position() + size);
        }
        return OptionalInt.empty();
    }

    static int permissionBits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < BITS.length; bit++) {
            if (permissions.contains(BITS[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BITS[bit]);
            }
        }
        return permissions;
    }

    static Optional<Set<PosixFilePermission>> permissionsOf(byte[] extra) {
        OptionalInt mode = decode(extra);
        return mode.isPresent() ? Optional.of(permissions(mode.getAsInt())) : Optional.empty();
    }
}
