package org.eppanama.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eppanama.onnx.EpContextNode;
import org.eppanama.onnx.EpContextWrapper;
import org.eppanama.runtime.qnn.QnnContextBinary;
import org.eppanama.runtime.qnn.QnnSystemLibrary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EPContext models from the QNN EP (HTP backend, prepared for the Snapdragon X Elite: SoC model 60, HTP
 * v73): written by a session (embed_mode 1 and 0) and by the compile API, read back, introspected with
 * libQnnSystem, wrapped by a model built in Java, and refused when the binary path leaves the model's
 * folder or the binary was prepared for another HTP architecture than the one the session targets.
 */
class EpContextTest {
    static Environment env;
    static List<EpDevice> devices;
    @TempDir
    static Path dir;
    static float[] cpu;
    static float[] qnnOriginal;

    @BeforeAll
    static void compile() throws Exception {
        env = Environment.create();
        env.registerExecutionProviderLibrary(QnnOptions.EP_NAME, EpPackages.qnnPlugin());
        devices = env.epDevices(QnnOptions.EP_NAME, DeviceType.CPU);
        byte[] model = EpTestModels.dense();
        cpu = EpTestModels.cpuReference(env, model);
        for (boolean embed : List.of(true, false)) {
            try (SessionOptions o = QnnEpTest.qnnOnly(devices, QnnEpTest.snapdragonHtp())
                    .epContextOutput(dir.resolve(embed ? "embedded.onnx" : "external.onnx"), embed);
                 Session s = Session.create(env, model, o)) {
                qnnOriginal = EpTestModels.run(s);
            }
        }
    }

    @AfterAll
    static void close() {
        if (env != null) {
            env.close();
        }
    }

    static float[] runWithQnn(Path model, QnnOptions qnn) {
        try (SessionOptions o = QnnEpTest.qnnOnly(devices, qnn); Session s = Session.create(env, model, o)) {
            return EpTestModels.run(s);
        }
    }

    @Test
    void sessionWrittenContextModelsLoadAndRunLikeTheOriginal() throws Exception {
        EpTestModels.assertClose(cpu, qnnOriginal, 1e-2f);
        EpContextNode embedded = EpContextNode.read(Files.readAllBytes(dir.resolve("embedded.onnx"))).getFirst();
        assertTrue(embedded.embedded() && embedded.cacheContext().length > 0, embedded.toString());
        EpContextNode external = EpContextNode.read(Files.readAllBytes(dir.resolve("external.onnx"))).getFirst();
        assertEquals(0, external.embedMode());
        assertTrue(Files.isRegularFile(dir.resolve(external.cacheContextPath())), external.cacheContextPath());
        for (String name : List.of("embedded.onnx", "external.onnx")) {
            EpTestModels.assertClose(qnnOriginal, runWithQnn(dir.resolve(name), QnnEpTest.snapdragonHtp()), 1e-6f);
        }
    }

    @Test
    void compileApiWritesAContextModelThatRuns() throws Exception {
        Path out = dir.resolve("compiled.onnx");
        try (SessionOptions o = QnnEpTest.qnnOnly(devices, QnnEpTest.snapdragonHtp()); ModelCompiler c = ModelCompiler.create(env, o)) {
            c.inputModel(EpTestModels.dense()).outputModel(out).embedEpContext(false).requireCompiledNodes().compile();
        }
        EpContextNode node = EpContextNode.read(Files.readAllBytes(out)).getFirst();
        assertEquals(QnnOptions.EP_NAME, node.source());
        assertTrue(Files.isRegularFile(dir.resolve(node.cacheContextPath())));
        EpTestModels.assertClose(qnnOriginal, runWithQnn(out, QnnEpTest.snapdragonHtp()), 1e-6f);
    }

    /** Introspects the external binary and writes a wrapper for it with the Java builder. */
    static Path wrapper(String name, String contextFile) throws Exception {
        EpContextNode external = EpContextNode.read(Files.readAllBytes(dir.resolve("external.onnx"))).getFirst();
        QnnSystemLibrary system = QnnSystemLibrary.load(EpPackages.qnn().resolve("libQnnSystem.so"));
        QnnContextBinary binary = QnnContextBinary.read(system, dir.resolve(external.cacheContextPath()));
        QnnContextBinary.Graph graph = binary.graphs().getFirst();
        EpContextWrapper w = EpContextWrapper.forContextFile(contextFile, QnnOptions.EP_NAME).graph(graph.name());
        graph.inputs().forEach(t -> w.input(t.name(), t.elementType(), t.dims().stream().mapToLong(Long::longValue).toArray()));
        graph.outputs().forEach(t -> w.output(t.name(), t.elementType(), t.dims().stream().mapToLong(Long::longValue).toArray()));
        Path file = dir.resolve(name);
        Files.write(file, w.build());
        return file;
    }

    @Test
    void theBinaryIsIntrospectedAndAJavaBuiltWrapperRunsIt() throws Exception {
        EpContextNode external = EpContextNode.read(Files.readAllBytes(dir.resolve("external.onnx"))).getFirst();
        QnnSystemLibrary system = QnnSystemLibrary.load(EpPackages.qnn().resolve("libQnnSystem.so"));
        assertEquals(1, system.apiVersion().major());
        QnnContextBinary binary = QnnContextBinary.read(system, dir.resolve(external.cacheContextPath()));
        assertEquals(QnnContextBinary.BACKEND_HTP, binary.backendId());
        assertEquals(QnnOptions.SOC_MODEL_SNAPDRAGON_X_ELITE, binary.socModel().orElseThrow());
        assertEquals(73, binary.htpArch().orElseThrow());
        assertTrue(external.sdkVersion().startsWith(binary.buildId().substring(0, 5)), binary.buildId());
        QnnContextBinary.Graph graph = binary.graph(external.name());
        // Two inputs of different shapes: the second is read one Qnn_Tensor_t stride after the first.
        assertEquals("[x: FLOAT_32[2, 4], x2: FLOAT_32[2, 3]]", graph.inputs().toString());
        assertEquals("[y: FLOAT_32[2, 3]]", graph.outputs().toString());
        assertEquals(ElementType.FLOAT, graph.inputs().getFirst().elementType());
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> QnnContextBinary.read(system, "not a context binary".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(garbage.getMessage().contains("could not read the context binary"), garbage.getMessage());

        Path w = wrapper("wrapper.onnx", external.cacheContextPath());
        // The emulated HTP of the x86-64 package runs a v73 binary when no target architecture is set.
        EpTestModels.assertClose(qnnOriginal, runWithQnn(w, QnnEpTest.snapdragonHtp()), 1e-6f);
    }

    @Test
    void aBinaryForAnotherHtpArchitectureIsRefusedByName() throws Exception {
        Path w = wrapper("wrapper-v79.onnx", EpContextNode.read(Files.readAllBytes(dir.resolve("external.onnx")))
                .getFirst().cacheContextPath());
        QnnOptions v79 = QnnOptions.builder().backendType(QnnOptions.Backend.HTP).socModel(69).htpArch(79).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runWithQnn(w, v79));
        assertTrue(e.getMessage().contains("prepared for HTP architecture v73 (SoC model 60) but is loaded for v79"),
                e.getMessage());
    }

    @Test
    void aContextPathLeavingTheModelFolderIsRefused() throws Exception {
        Path outside = Files.createTempFile("eppanama-outside", "_qnn.bin");
        Files.copy(dir.resolve(EpContextNode.read(Files.readAllBytes(dir.resolve("external.onnx"))).getFirst()
                .cacheContextPath()), outside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path link = dir.resolve("link_qnn.bin");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);
        try {
            for (String named : List.of(outside.toString(), "../" + outside.getFileName(), "link_qnn.bin")) {
                Path w = wrapper("escape.onnx", named);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> runWithQnn(w, QnnEpTest.snapdragonHtp()), named);
                assertTrue(e.getMessage().contains("names its context binary '" + named + "'")
                        && e.getMessage().contains("allowEpContextOutsideModelFolder"), e.getMessage());
            }
            // Allowed explicitly, the path reaches ONNX Runtime, and the QNN EP applies its own rule to "..".
            Path w = wrapper("escape.onnx", "../" + outside.getFileName());
            try (SessionOptions o = QnnEpTest.qnnOnly(devices, QnnEpTest.snapdragonHtp()).allowEpContextOutsideModelFolder(true)) {
                OrtException e = assertThrows(OrtException.class, () -> Session.create(env, w, o).close());
                assertTrue(e.ortMessage().contains("ep_cache_context"), e.getMessage());
            }
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(outside);
        }
    }
}
