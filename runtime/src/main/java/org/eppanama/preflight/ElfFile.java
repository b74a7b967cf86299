package org.eppanama.preflight;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The dynamic-linking facts of an ELF shared object, read in Java: its class and machine, and the
 * DT_NEEDED, DT_RPATH, DT_RUNPATH and DT_SONAME entries of its dynamic section. Only the program headers
 * and the dynamic section are read (through the PT_LOAD segments that map the string table).
 *
 * @param elf64   64-bit (ELFCLASS64) or 32-bit
 * @param machine e_machine (62 = x86-64, 183 = AArch64)
 * @param needed  DT_NEEDED names, in order
 * @param rpath   DT_RPATH entries (colon-separated in the file), or empty
 * @param runpath DT_RUNPATH entries, or empty
 * @param soname  DT_SONAME, or ""
 */
public record ElfFile(boolean elf64, int machine, List<String> needed, List<String> rpath, List<String> runpath,
                      String soname) {
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;

    public ElfFile {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }

    /** Whether {@code file} starts with the ELF magic. */
    public static boolean isElf(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(4);
            return ch.read(magic, 0) == 4 && magic.getInt(0) == 0x7f454c46;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the dynamic section of {@code file}; a file that is not ELF, or is malformed, is an IOException. */
    public static ElfFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            if (b.limit() < 52 || b.getInt(0) != 0x7f454c46) {
                throw new IOException(file + " is not an ELF file");
            }
            boolean is64 = b.get(4) == 2;
            b.order(b.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int machine = Short.toUnsignedInt(b.getShort(18));
            long phoff = is64 ? b.getLong(32) : Integer.toUnsignedLong(b.getInt(28));
            int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 54 : 42));
            int phnum = Short.toUnsignedInt(b.getShort(is64 ? 56 : 44));
            List<long[]> loads = new ArrayList<>();
            long dynOff = -1;
            long dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                int h = Math.toIntExact(phoff + (long) i * phentsize);
                int type = b.getInt(h);
                long offset = is64 ? b.getLong(h + 8) : Integer.toUnsignedLong(b.getInt(h + 4));
                long vaddr = is64 ? b.getLong(h + 16) : Integer.toUnsignedLong(b.getInt(h + 8));
                long filesz = is64 ? b.getLong(h + 32) : Integer.toUnsignedLong(b.getInt(h + 16));
                if (type == PT_LOAD) {
                    loads.add(new long[] {vaddr, offset, filesz});
                } else if (type == PT_DYNAMIC) {
                    dynOff = offset;
                    dynSize = filesz;
                }
            }
            if (dynOff < 0) {
                // A static object: it needs nothing.
                return new ElfFile(is64, machine, List.of(), List.of(), List.of(), "");
            }
            int entry = is64 ? 16 : 8;
            List<long[]> entries = new ArrayList<>();
            long strtab = -1;
            for (long at = dynOff; at + entry <= dynOff + dynSize; at += entry) {
                int p = Math.toIntExact(at);
                long tag = is64 ? b.getLong(p) : b.getInt(p);
                long val = is64 ? b.getLong(p + 8) : Integer.toUnsignedLong(b.getInt(p + 4));
                if (tag == DT_NULL) {
                    break;
                }
                if (tag == DT_STRTAB) {
                    strtab = val;
                }
                entries.add(new long[] {tag, val});
            }
            if (strtab < 0) {
                throw new IOException(file + " has a dynamic section without a string table");
            }
            long strOff = fileOffset(loads, strtab, file);
            List<String> needed = new ArrayList<>();
            List<String> rpath = new ArrayList<>();
            List<String> runpath = new ArrayList<>();
            String soname = "";
            for (long[] e : entries) {
                if (e[0] == DT_NEEDED || e[0] == DT_SONAME || e[0] == DT_RPATH || e[0] == DT_RUNPATH) {
                    String s = string(b, Math.toIntExact(strOff + e[1]));
                    if (e[0] == DT_NEEDED) {
                        needed.add(s);
                    } else if (e[0] == DT_SONAME) {
                        soname = s;
                    } else {
                        (e[0] == DT_RPATH ? rpath : runpath).addAll(List.of(s.split(":")));
                    }
                }
            }
            return new ElfFile(is64, machine, needed, rpath, runpath, soname);
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new IOException(file + " is a truncated or malformed ELF file", e);
        }
    }

    private static long fileOffset(List<long[]> loads, long vaddr, Path file) throws IOException {
        for (long[] l : loads) {
            if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
                return vaddr - l[0] + l[1];
            }
        }
        throw new IOException(file + ": address 0x" + Long.toHexString(vaddr) + " is in no loaded segment");
    }

    private static String string(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
