package org.eppanama.runtime.qnn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.eppanama.bindings.qnn.QnnDevice_HardwareDeviceInfoV1_t;
import org.eppanama.bindings.qnn.QnnDevice_HardwareDeviceInfo_t;
import org.eppanama.bindings.qnn.QnnDevice_PlatformInfoV1_t;
import org.eppanama.bindings.qnn.QnnDevice_PlatformInfo_t;
import org.eppanama.bindings.qnn.QnnHtpDevice_DeviceInfoExtension_t;
import org.eppanama.bindings.qnn.QnnHtpDevice_OnChipDeviceInfoExtension_t;
import org.eppanama.bindings.qnn.QnnHtpSystemContext_ContextBlobInfoV1_t;
import org.eppanama.bindings.qnn.QnnHtpSystemContext_ContextBlobInfo_t;
import org.eppanama.bindings.qnn.QnnSystemContext_BinaryInfoV1_t;
import org.eppanama.bindings.qnn.QnnSystemContext_BinaryInfoV2_t;
import org.eppanama.bindings.qnn.QnnSystemContext_BinaryInfoV3_t;
import org.eppanama.bindings.qnn.QnnSystemContext_BinaryInfoVersions_t;
import org.eppanama.bindings.qnn.QnnSystemContext_BinaryInfo_t;
import org.eppanama.bindings.qnn.QnnSystemContext_GraphInfoV1_t;
import org.eppanama.bindings.qnn.QnnSystemContext_GraphInfoVersions_t;
import org.eppanama.bindings.qnn.QnnSystemContext_GraphInfo_t;
import org.eppanama.bindings.qnn.QnnSystemInterface_ImplementationV1_t;
import org.eppanama.bindings.qnn.Qnn_TensorV1_t;
import org.eppanama.bindings.qnn.Qnn_TensorVersions_t;
import org.eppanama.bindings.qnn.Qnn_Tensor_t;
import org.eppanama.runtime.ElementType;

/**
 * What a QNN context binary holds, read with libQnnSystem ({@code QnnSystemContext_getBinaryInfo}) without
 * loading it into a backend: the graphs with their input and output tensors, the SDK that built it, and,
 * where the binary records them, the SoC model and HTP architecture it was prepared for.
 *
 * @param backendId         the QNN backend that wrote it ({@link #BACKEND_HTP} for the HTP)
 * @param buildId           the QNN SDK build, e.g. "v2.51.0.260929181845"
 * @param coreApiVersion    QNN core API version
 * @param backendApiVersion the backend's API version
 * @param socModel          the SoC model it was prepared for (QNN's number, 60 = Snapdragon X Elite), if recorded
 * @param htpArch           the HTP architecture it was prepared for (e.g. 73), if recorded
 * @param graphs            its graphs, in the binary's order
 */
public record QnnContextBinary(int backendId, String buildId, Qnn.Version coreApiVersion, Qnn.Version backendApiVersion,
                               OptionalInt socModel, OptionalInt htpArch, List<Graph> graphs) {
    /** QNN's backend id of the HTP. */
    public static final int BACKEND_HTP = 6;
    /** QnnHtpDevice_DeviceType_t: HTP cores inside the SoC. */
    private static final int HTP_DEVICE_ON_CHIP = 0;

    public QnnContextBinary {
        graphs = List.copyOf(graphs);
    }

    /** A graph input or output: name, QNN data type and static dims. */
    public record TensorInfo(String name, int dataType, List<Long> dims) {
        public TensorInfo {
            dims = List.copyOf(dims);
        }

        /** e.g. "FLOAT_32". */
        public String dataTypeName() {
            return Qnn.dataTypeName(dataType);
        }

        /** The ONNX element type of this graph input or output (fixed point: its integer storage type). */
        public ElementType elementType() {
            return Qnn.elementType(dataType, name);
        }

        @Override
        public String toString() {
            return name + ": " + dataTypeName() + dims;
        }
    }

    /** One graph of the context. */
    public record Graph(String name, List<TensorInfo> inputs, List<TensorInfo> outputs) {
        public Graph {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    public static QnnContextBinary read(QnnSystemLibrary system, Path file) {
        try {
            return read(system, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read QNN context binary " + file + ": " + e.getMessage(), e);
        }
    }

    public static QnnContextBinary read(QnnSystemLibrary system, byte[] binary) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(binary, "binary");
        if (binary.length == 0) {
            throw new IllegalArgumentException("the QNN context binary is empty");
        }
        MemorySegment fns = system.functions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handleOut = arena.allocate(ValueLayout.ADDRESS);
            Qnn.check("QnnSystemContext_create", QnnSystemInterface_ImplementationV1_t.systemContextCreate.invoke(
                    QnnSystemInterface_ImplementationV1_t.systemContextCreate(fns), handleOut));
            MemorySegment handle = handleOut.get(ValueLayout.ADDRESS, 0);
            try {
                MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, binary);
                MemorySegment infoOut = arena.allocate(ValueLayout.ADDRESS);
                MemorySegment sizeOut = arena.allocate(ValueLayout.JAVA_LONG);
                long err = QnnSystemInterface_ImplementationV1_t.systemContextGetBinaryInfo.invoke(
                        QnnSystemInterface_ImplementationV1_t.systemContextGetBinaryInfo(fns), handle, buffer,
                        buffer.byteSize(), infoOut, sizeOut);
                if (err != 0) {
                    throw new IllegalArgumentException("libQnnSystem could not read the context binary ("
                            + binary.length + " bytes): QnnSystemContext_getBinaryInfo returned error " + err
                            + "; is it a QNN context binary (an EPContext model's ep_cache_context)?");
                }
                return decode(infoOut.get(ValueLayout.ADDRESS, 0).reinterpret(QnnSystemContext_BinaryInfo_t.sizeof()));
            } finally {
                Qnn.check("QnnSystemContext_free", QnnSystemInterface_ImplementationV1_t.systemContextFree.invoke(
                        QnnSystemInterface_ImplementationV1_t.systemContextFree(fns), handle));
            }
        }
    }

    private static QnnContextBinary decode(MemorySegment info) {
        int version = QnnSystemContext_BinaryInfo_t.version(info);
        // V1, V2 and V3 share the leading fields; V2 and V3 place the graphs and platform info differently.
        MemorySegment v = switch (version) {
            case 1 -> QnnSystemContext_BinaryInfoVersions_t.contextBinaryInfoV1(QnnSystemContext_BinaryInfo_t.versioned(info));
            case 2 -> QnnSystemContext_BinaryInfoVersions_t.contextBinaryInfoV2(QnnSystemContext_BinaryInfo_t.versioned(info));
            case 3 -> QnnSystemContext_BinaryInfoVersions_t.contextBinaryInfoV3(QnnSystemContext_BinaryInfo_t.versioned(info));
            default -> throw new IllegalStateException("QnnSystemContext_BinaryInfo version " + version
                    + " is newer than headers/qnn/QnnSystemMinimal.h knows (1..3): extend the header");
        };
        int backend = QnnSystemContext_BinaryInfoV1_t.backendId(v);
        String buildId = Qnn.string(QnnSystemContext_BinaryInfoV1_t.buildId(v));
        Qnn.Version core = Qnn.version(QnnSystemContext_BinaryInfoV1_t.coreApiVersion(v));
        Qnn.Version backendApi = Qnn.version(QnnSystemContext_BinaryInfoV1_t.backendApiVersion(v));
        int numGraphs;
        MemorySegment graphs;
        MemorySegment platform = MemorySegment.NULL;
        int socModel = 0;
        switch (version) {
            case 1 -> {
                numGraphs = QnnSystemContext_BinaryInfoV1_t.numGraphs(v);
                graphs = QnnSystemContext_BinaryInfoV1_t.graphs(v);
            }
            case 2 -> {
                numGraphs = QnnSystemContext_BinaryInfoV2_t.numGraphs(v);
                graphs = QnnSystemContext_BinaryInfoV2_t.graphs(v);
                platform = QnnSystemContext_BinaryInfoV2_t.platformInfo(v);
            }
            default -> {
                numGraphs = QnnSystemContext_BinaryInfoV3_t.numGraphs(v);
                graphs = QnnSystemContext_BinaryInfoV3_t.graphs(v);
                platform = QnnSystemContext_BinaryInfoV3_t.platformInfo(v);
                socModel = QnnSystemContext_BinaryInfoV3_t.socModel(v);
            }
        }
        List<Graph> list = new ArrayList<>(numGraphs);
        MemorySegment graphArray = graphs.reinterpret(numGraphs * QnnSystemContext_GraphInfo_t.sizeof());
        for (int g = 0; g < numGraphs; g++) {
            list.add(graph(QnnSystemContext_GraphInfo_t.asSlice(graphArray, g)));
        }
        int arch = 0;
        if (backend == BACKEND_HTP) {
            // A binary prepared ahead of time records the architecture in the HTP's context metadata; one
            // prepared on a device may describe that device in the platform info instead.
            if (version == 3) {
                arch = htpContextArch(QnnSystemContext_BinaryInfoV3_t.contextMetadata(v),
                        QnnSystemContext_BinaryInfoV3_t.contextMetadataSize(v));
            }
            if (!platform.equals(MemorySegment.NULL)) {
                int[] socAndArch = htpDevice(platform.reinterpret(QnnDevice_PlatformInfo_t.sizeof()));
                socModel = socModel != 0 ? socModel : socAndArch[0];
                arch = arch != 0 ? arch : socAndArch[1];
            }
        }
        return new QnnContextBinary(backend, buildId, core, backendApi,
                socModel != 0 ? OptionalInt.of(socModel) : OptionalInt.empty(),
                arch != 0 ? OptionalInt.of(arch) : OptionalInt.empty(), list);
    }

    private static Graph graph(MemorySegment g) {
        int version = QnnSystemContext_GraphInfo_t.version(g);
        if (version < 1 || version > 3) {
            throw new IllegalStateException("QnnSystemContext_GraphInfo version " + version
                    + " is newer than headers/qnn/QnnSystemMinimal.h knows (1..3): extend the header");
        }
        // Versions 2 and 3 only append fields to version 1, so its accessors read all three.
        MemorySegment v1 = QnnSystemContext_GraphInfoVersions_t.graphInfoV1(QnnSystemContext_GraphInfo_t.versioned(g));
        return new Graph(Qnn.string(QnnSystemContext_GraphInfoV1_t.graphName(v1)),
                tensors(QnnSystemContext_GraphInfoV1_t.graphInputs(v1), QnnSystemContext_GraphInfoV1_t.numGraphInputs(v1)),
                tensors(QnnSystemContext_GraphInfoV1_t.graphOutputs(v1), QnnSystemContext_GraphInfoV1_t.numGraphOutputs(v1)));
    }

    private static List<TensorInfo> tensors(MemorySegment array, int n) {
        List<TensorInfo> out = new ArrayList<>(n);
        MemorySegment all = array.reinterpret(n * Qnn_Tensor_t.sizeof());
        for (int i = 0; i < n; i++) {
            MemorySegment t = Qnn_Tensor_t.asSlice(all, i);
            int version = Qnn_Tensor_t.version(t);
            if (version != 1 && version != 2) {
                throw new IllegalStateException("Qnn_Tensor version " + version
                        + " is newer than headers/qnn/QnnSystemMinimal.h knows (1, 2): extend the header");
            }
            // Version 2 appends fields to version 1: the version-1 view reads both.
            MemorySegment v1 = Qnn_TensorVersions_t.v1(Qnn_Tensor_t.versioned(t));
            int rank = Qnn_TensorV1_t.rank(v1);
            MemorySegment dims = Qnn_TensorV1_t.dimensions(v1).reinterpret(rank * ValueLayout.JAVA_INT.byteSize());
            List<Long> shape = new ArrayList<>(rank);
            for (int d = 0; d < rank; d++) {
                shape.add(Integer.toUnsignedLong(dims.getAtIndex(ValueLayout.JAVA_INT, d)));
            }
            out.add(new TensorInfo(Qnn.string(Qnn_TensorV1_t.name(v1)), Qnn_TensorV1_t.dataType(v1), shape));
        }
        return out;
    }

    /** The dspArch of the HTP context metadata (version 1), or 0. */
    private static int htpContextArch(MemorySegment metadata, int size) {
        if (metadata.equals(MemorySegment.NULL) || size < QnnHtpSystemContext_ContextBlobInfo_t.sizeof()) {
            return 0;
        }
        MemorySegment info = metadata.reinterpret(QnnHtpSystemContext_ContextBlobInfo_t.sizeof());
        return QnnHtpSystemContext_ContextBlobInfo_t.version(info) == 1
                ? QnnHtpSystemContext_ContextBlobInfoV1_t.dspArch(
                        QnnHtpSystemContext_ContextBlobInfo_t.contextBinaryContextBlobInfoV1(info))
                : 0;
    }

    /** {socModel, arch} of the first on-chip HTP device the platform info lists, zeros if none. */
    private static int[] htpDevice(MemorySegment platform) {
        if (QnnDevice_PlatformInfo_t.version(platform) != 1) {
            return new int[2];
        }
        MemorySegment v1 = QnnDevice_PlatformInfo_t.v1(platform);
        int n = QnnDevice_PlatformInfoV1_t.numHwDevices(v1);
        MemorySegment devices = QnnDevice_PlatformInfoV1_t.hwDevices(v1).reinterpret(n * QnnDevice_HardwareDeviceInfo_t.sizeof());
        for (int i = 0; i < n; i++) {
            MemorySegment device = QnnDevice_HardwareDeviceInfo_t.asSlice(devices, i);
            if (QnnDevice_HardwareDeviceInfo_t.version(device) != 1) {
                continue;
            }
            MemorySegment ext = QnnDevice_HardwareDeviceInfoV1_t.deviceInfoExtension(QnnDevice_HardwareDeviceInfo_t.v1(device));
            if (ext.equals(MemorySegment.NULL)) {
                continue;
            }
            ext = ext.reinterpret(QnnHtpDevice_DeviceInfoExtension_t.sizeof());
            if (QnnHtpDevice_DeviceInfoExtension_t.devType(ext) == HTP_DEVICE_ON_CHIP) {
                MemorySegment chip = QnnHtpDevice_DeviceInfoExtension_t.onChipDevice(ext);
                return new int[] {QnnHtpDevice_OnChipDeviceInfoExtension_t.socModel(chip),
                    QnnHtpDevice_OnChipDeviceInfoExtension_t.arch(chip)};
            }
        }
        return new int[2];
    }

    /** The graph named {@code name}. */
    public Graph graph(String name) {
        return graphs.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "the context binary has no graph '" + name + "'; its graphs are "
                        + graphs.stream().map(Graph::name).toList()));
    }

    /**
     * Refuses a binary prepared for another HTP architecture than {@code arch} (the target the caller
     * loads for), before a backend is handed a binary it cannot run.
     */
    public void requireHtpArch(int arch, String what) {
        if (htpArch.isPresent() && htpArch.getAsInt() != arch) {
            throw new IllegalStateException(what + " was prepared for HTP architecture v" + htpArch.getAsInt()
                    + socModel.stream().mapToObj(s -> " (SoC model " + s + ")").findFirst().orElse("")
                    + " but is loaded for v" + arch + ": an HTP runs only binaries of its own architecture; compile the"
                    + " model again with htp_arch=" + arch + " (QnnOptions.htpArch) or load it on a v"
                    + htpArch.getAsInt() + " device");
        }
    }
}
