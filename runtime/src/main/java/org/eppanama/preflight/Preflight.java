package org.eppanama.preflight;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eppanama.runtime.QnnOptions;

/**
 * Resolves an execution provider library's native dependency chain the way the Linux dynamic loader will,
 * before a session loads it, and names each missing file and where it was looked for.
 *
 * <p>Two kinds of dependencies: the ELF DT_NEEDED entries of every object in the chain, and the libraries
 * an EP opens itself at run time ({@link #loadsAtRunTime}: a QNN backend, an OpenVINO device plugin). Each
 * name is searched as glibc's loader does: DT_RPATH of the object and of the objects that loaded it (when
 * the object has no DT_RUNPATH), LD_LIBRARY_PATH, the object's own DT_RUNPATH, the folders of
 * /etc/ld.so.conf, then the default folders; {@code $ORIGIN} is the folder of the object whose path
 * it is. A candidate of another ELF class or machine is skipped, as the loader skips it.
 * <pre>{@code
 * PreflightReport r = Preflight.qnn(plugin, QnnOptions.Backend.HTP, Preflight.Target.HOST, 73).check();
 * if (!r.ok()) throw new IllegalStateException(r.toString());
 * }</pre>
 * Command line: {@code java -cp ... org.eppanama.preflight.Preflight <ep-library> [qnn-htp|qnn-gpu|openvino-cpu|...]}.
 */
public final class Preflight {
    private static final List<Path> DEFAULT_DIRS = List.of(Path.of("/lib64"), Path.of("/usr/lib64"), Path.of("/lib"), Path.of("/usr/lib"));

    /** Where the EP will run: this host, or a Snapdragon device whose HTP is reached through a stub and a skeleton. */
    public enum Target {
        /** This machine: ELF chains are resolved here (on Linux x86-64 the QNN HTP backend emulates the HTP). */
        HOST,
        /** A Linux or Android Snapdragon: libQnnHtpV{arch}Stub.so, and the skeleton beside it or in ADSP_LIBRARY_PATH. */
        SNAPDRAGON_LINUX,
        /** Windows on Snapdragon: QnnHtpV{arch}Stub.dll with the skeleton and its catalog file beside it. */
        SNAPDRAGON_WINDOWS
    }

    private record RuntimeLoad(String loader, String library, String why) {
    }

    private record FileBeside(String anchor, String file, String why) {
    }

    private final Path root;
    private final List<RuntimeLoad> runtimeLoads = new ArrayList<>();
    private final List<FileBeside> besides = new ArrayList<>();
    private List<Path> ldLibraryPath = pathList(System.getenv("LD_LIBRARY_PATH"));
    private List<Path> systemDirs = systemDirs();

    private Preflight(Path root) {
        this.root = root;
    }

    /** A preflight of {@code epLibrary}'s DT_NEEDED chain; add what the EP loads at run time. */
    public static Preflight of(Path epLibrary) {
        return new Preflight(Objects.requireNonNull(epLibrary, "epLibrary").toAbsolutePath().normalize());
    }

    /**
     * The QNN EP with one backend. For the HTP on the host: the backend, its prepare library and
     * libQnnSystem; on a Snapdragon target also the per-architecture stub and the skeleton it sends to the
     * HTP (with its catalog file on Windows).
     */
    public static Preflight qnn(Path plugin, QnnOptions.Backend backendType, Target target, int htpArch) {
        Preflight p = of(plugin);
        String backend = backendType.libraryName();
        String type = backendType.name().toLowerCase(Locale.ROOT);
        String pluginName = p.root.getFileName().toString();
        p.loadsAtRunTime(pluginName, backend, "QNN " + type + " backend (backend_type=" + type + ")");
        p.loadsAtRunTime(pluginName, "libQnnSystem.so", "QNN System library, for context binaries");
        if (backendType == QnnOptions.Backend.HTP) {
            p.loadsAtRunTime(backend, "libHtpPrepare.so", "HTP graph preparation");
            String v = "V" + htpArch;
            switch (target) {
                case HOST -> { }
                case SNAPDRAGON_LINUX -> {
                    p.loadsAtRunTime(backend, "libQnnHtp" + v + "Stub.so", "HTP " + v + " stub (CPU side of the FastRPC link)");
                    p.fileBeside("libQnnHtp" + v + "Stub.so", "libQnnHtp" + v + "Skel.so", "HTP " + v + " skeleton (runs on the HTP)");
                }
                case SNAPDRAGON_WINDOWS -> {
                    p.fileBeside(backend, "QnnHtp" + v + "Stub.dll", "HTP " + v + " stub (CPU side of the FastRPC link)");
                    p.fileBeside("QnnHtp" + v + "Stub.dll", "libQnnHtp" + v + "Skel.so", "HTP " + v + " skeleton (runs on the HTP)");
                    p.fileBeside("QnnHtp" + v + "Stub.dll", "libqnnhtp" + htpArch + ".cat", "signed catalog of the skeleton");
                }
            }
        }
        return p;
    }

    /** The OpenVINO EP plugin with the OpenVINO device plugin it loads for {@code device} ("CPU", "GPU", "NPU"). */
    public static Preflight openVino(Path plugin, String device) {
        Preflight p = of(plugin);
        String d = device.toLowerCase(Locale.ROOT);
        p.loadsAtRunTime(openVinoCore(p.root), "libopenvino_intel_" + d + "_plugin.so",
                "OpenVINO " + device + " device plugin");
        if (d.equals("npu")) {
            p.loadsAtRunTime("libopenvino_intel_npu_plugin.so", "libopenvino_intel_npu_compiler_loader.so",
                    "OpenVINO NPU compiler, for compiling without an NPU driver");
        }
        return p;
    }

    /** The OpenVINO core library the plugin links (libopenvino.so.&lt;version&gt;): it loads the device plugins. */
    private static String openVinoCore(Path plugin) {
        String self = plugin.getFileName().toString();
        try {
            return ElfFile.read(plugin).needed().stream().filter(n -> n.startsWith("libopenvino.so")).findFirst().orElse(self);
        } catch (IOException e) {
            // check() reports a plugin it cannot read; until then the plugin stands in as the loader.
            return self;
        }
    }

    /** {@code loader} (a file name in the chain) opens {@code library} itself at run time, searched from the loader. */
    public Preflight loadsAtRunTime(String loader, String library, String why) {
        runtimeLoads.add(new RuntimeLoad(loader, library, why));
        return this;
    }

    /** {@code file} must sit in the same folder as {@code anchor} (a file name in the chain). */
    public Preflight fileBeside(String anchor, String file, String why) {
        besides.add(new FileBeside(anchor, file, why));
        return this;
    }

    /** Searches these folders as LD_LIBRARY_PATH instead of the environment's. */
    public Preflight ldLibraryPath(List<Path> dirs) {
        this.ldLibraryPath = List.copyOf(dirs);
        return this;
    }

    /** Searches these folders as the system folders instead of /etc/ld.so.conf's and the defaults. */
    public Preflight systemDirs(List<Path> dirs) {
        this.systemDirs = List.copyOf(dirs);
        return this;
    }

    /** One object in the load: its path, its ELF facts, and the RPATHs it inherits from its loaders. */
    private record Node(String name, Path path, ElfFile elf, List<Path> inheritedRpath) {
    }

    public PreflightReport check() {
        List<PreflightReport.Found> found = new ArrayList<>();
        List<PreflightReport.Missing> missing = new ArrayList<>();
        Map<String, Node> loaded = new LinkedHashMap<>();
        if (!Files.isRegularFile(root)) {
            missing.add(new PreflightReport.Missing(root.getFileName().toString(), "the caller",
                    List.of(root.getParent() + " (the path given)")));
            return new PreflightReport(root, found, missing);
        }
        ElfFile rootElf;
        try {
            rootElf = ElfFile.read(root);
        } catch (IOException e) {
            throw new IllegalArgumentException(root + " is not a shared library the loader can read: " + e.getMessage(), e);
        }
        Deque<Node> queue = new ArrayDeque<>();
        Node first = new Node(root.getFileName().toString(), root, rootElf, List.of());
        loaded.put(first.name(), first);
        found.add(new PreflightReport.Found(first.name(), root));
        queue.add(first);
        Set<String> reported = new LinkedHashSet<>();
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            List<String> wanted = new ArrayList<>(n.elf().needed());
            runtimeLoads.stream().filter(r -> r.loader().equals(n.name())).forEach(r -> wanted.add(r.library()));
            for (String name : wanted) {
                if (loaded.containsKey(name) || reported.contains(name)) {
                    continue;
                }
                List<String> searched = new ArrayList<>();
                Node dep = resolve(name, n, rootElf, searched);
                if (dep == null) {
                    reported.add(name);
                    missing.add(new PreflightReport.Missing(name, n.name() + why(n.name(), name), searched));
                    continue;
                }
                loaded.put(name, dep);
                if (!dep.elf().soname().isEmpty()) {
                    loaded.putIfAbsent(dep.elf().soname(), dep);
                }
                found.add(new PreflightReport.Found(name, dep.path()));
                queue.add(dep);
            }
        }
        for (FileBeside b : besides) {
            Node anchor = loaded.get(b.anchor());
            Path dir = anchor != null ? anchor.path().getParent() : besideFolder(b.anchor(), loaded);
            if (dir == null) {
                continue;
            }
            Path f = dir.resolve(b.file());
            if (Files.isRegularFile(f)) {
                found.add(new PreflightReport.Found(b.file(), f));
            } else {
                missing.add(new PreflightReport.Missing(b.file(), b.anchor() + " (" + b.why() + ", must sit beside it)",
                        List.of(dir + " (beside " + b.anchor() + ")")));
            }
        }
        return new PreflightReport(root, found, missing);
    }

    /**
     * The folder an anchor that was not loaded would be in: beside its own anchor (a file only checked for
     * presence, like a Windows DLL), or, for a missing runtime load, its loader's folder, where it is expected.
     */
    private Path besideFolder(String anchor, Map<String, Node> loaded) {
        String parent = besides.stream().filter(b -> b.file().equals(anchor)).map(FileBeside::anchor).findFirst()
                .orElseGet(() -> runtimeLoads.stream().filter(r -> r.library().equals(anchor)).map(RuntimeLoad::loader)
                        .findFirst().orElse(null));
        Node n = parent == null ? null : loaded.get(parent);
        return n == null ? null : n.path().getParent();
    }

    private String why(String loader, String library) {
        return runtimeLoads.stream().filter(r -> r.loader().equals(loader) && r.library().equals(library))
                .map(r -> " at run time: " + r.why()).findFirst().orElse(" (DT_NEEDED)");
    }

    /**
     * Finds {@code name} for the object {@code from}, recording each folder tried. The DT_RPATH chain (the
     * object's own, then its loaders') applies only while the object has no DT_RUNPATH, and so is what its
     * dependencies inherit.
     */
    private Node resolve(String name, Node from, ElfFile rootElf, List<String> searched) {
        Path origin = from.path().getParent();
        boolean hasRunpath = !from.elf().runpath().isEmpty();
        List<Path> chain = new ArrayList<>(expand(from.elf().rpath(), origin));
        chain.addAll(from.inheritedRpath());
        List<Path> forDependencies = hasRunpath ? List.of() : chain;
        if (name.contains("/")) {
            Path p = origin.resolve(name);
            searched.add(p.getParent() + " (a path in the name)");
            return candidate(name, p, forDependencies, rootElf);
        }
        Map<Path, String> order = new LinkedHashMap<>();
        forDependencies.forEach(d -> order.putIfAbsent(d, "DT_RPATH"));
        ldLibraryPath.forEach(d -> order.putIfAbsent(d, "LD_LIBRARY_PATH"));
        expand(from.elf().runpath(), origin).forEach(d -> order.putIfAbsent(d, "DT_RUNPATH of " + from.name()));
        systemDirs.forEach(d -> order.putIfAbsent(d, "system folder"));
        for (Map.Entry<Path, String> e : order.entrySet()) {
            searched.add(e.getKey() + " (" + e.getValue() + ")");
            Node n = candidate(name, e.getKey().resolve(name), forDependencies, rootElf);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    /** The object at {@code path} if it exists and matches the root's class and machine, else null. */
    private static Node candidate(String name, Path path, List<Path> inheritedRpath, ElfFile rootElf) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try {
            ElfFile elf = ElfFile.read(path);
            if (elf.elf64() != rootElf.elf64() || elf.machine() != rootElf.machine()) {
                return null;
            }
            return new Node(name, path, elf, inheritedRpath);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Path> expand(List<String> entries, Path origin) {
        List<Path> dirs = new ArrayList<>();
        for (String e : entries) {
            if (!e.isEmpty()) {
                dirs.add(Path.of(e.replace("${ORIGIN}", origin.toString()).replace("$ORIGIN", origin.toString())).normalize());
            }
        }
        return dirs;
    }

    private static List<Path> pathList(String value) {
        List<Path> dirs = new ArrayList<>();
        if (value != null) {
            for (String s : value.split("[:;]")) {
                if (!s.isEmpty()) {
                    dirs.add(Path.of(s));
                }
            }
        }
        return dirs;
    }

    /** The folders of /etc/ld.so.conf (following include lines), then the loader's default folders. */
    static List<Path> systemDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        readLdSoConf(Path.of("/etc/ld.so.conf"), dirs, 0);
        dirs.addAll(DEFAULT_DIRS);
        return List.copyOf(dirs);
    }

    private static void readLdSoConf(Path conf, Set<Path> dirs, int depth) {
        if (depth > 8 || !Files.isRegularFile(conf)) {
            return;
        }
        try {
            for (String raw : Files.readAllLines(conf)) {
                String line = raw.replaceAll("#.*", "").trim();
                if (line.startsWith("include ")) {
                    String pattern = line.substring(8).trim();
                    Path p = conf.getParent().resolve(pattern);
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(p.getParent(), p.getFileName().toString())) {
                        List<Path> files = new ArrayList<>();
                        ds.forEach(files::add);
                        files.stream().sorted().forEach(f -> readLdSoConf(f, dirs, depth + 1));
                    } catch (IOException e) {
                        // An include that matches nothing adds nothing.
                    }
                } else if (!line.isEmpty()) {
                    dirs.add(Path.of(line));
                }
            }
        } catch (IOException e) {
            // An unreadable configuration adds no folders; the defaults still apply.
        }
    }

    /**
     * Command line: {@code Preflight <ep-library> [qnn-<backend>[:<htp-arch>[:<target>]] | openvino-<device>]};
     * prints the report and exits 1 if a file is missing, 2 on bad arguments.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Preflight <ep-library> [qnn-htp[:73[:host|snapdragon-linux|snapdragon-windows]] | qnn-cpu | openvino-cpu|gpu|npu]");
            System.exit(2);
        }
        Path lib = Path.of(args[0]);
        String what = args.length > 1 ? args[1] : "";
        Preflight p;
        if (what.startsWith("qnn-")) {
            String[] parts = what.substring(4).split(":");
            int arch = parts.length > 1 ? Integer.parseInt(parts[1]) : 73;
            Target target = parts.length > 2 ? Target.valueOf(parts[2].toUpperCase(Locale.ROOT).replace('-', '_')) : Target.HOST;
            p = qnn(lib, QnnOptions.Backend.valueOf(parts[0].toUpperCase(Locale.ROOT)), target, arch);
        } else if (what.startsWith("openvino-")) {
            p = openVino(lib, what.substring(9).toUpperCase(Locale.ROOT));
        } else {
            p = of(lib);
        }
        PreflightReport r = p.check();
        System.out.print(r);
        System.exit(r.ok() ? 0 : 1);
    }
}
