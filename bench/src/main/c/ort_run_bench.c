/*
 * ort_run_bench: the plain C baseline of the call-overhead benchmark.
 *
 * Loads libonnxruntime.so with dlopen (the file the Java runtime loaded), creates a session from the model
 * bytes with the options of SameOptions.java (1 intra-op thread, ORT_ENABLE_ALL, the CPU EP appended through
 * SessionOptionsAppendExecutionProvider_V2), prepares every input and output once over its own zeroed float
 * buffer, then times two ways to run: Run with preallocated outputs, and RunWithBinding over an IoBinding
 * bound once.
 *
 * usage: ort_run_bench LIBRARY MODEL WARMUP_ROUNDS ROUNDS ROUND_MS
 * prints one line per way: "<run|binding> <ns/op of round 1> <ns/op of round 2> ..."
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "onnxruntime_c_api.h"

/* Runs between two clock reads, so reading the clock adds nothing measurable to an op. */
#define OPS_PER_CLOCK_READ 64

static const OrtApi *api;

static void check(OrtStatus *status, const char *function) {
    if (status != NULL) {
        fprintf(stderr, "ort_run_bench: %s failed: %s\n", function, api->GetErrorMessage(status));
        api->ReleaseStatus(status);
        exit(1);
    }
}

#define ORT(function, ...) check(api->function(__VA_ARGS__), #function)

static void fail(const char *message, const char *detail) {
    fprintf(stderr, "ort_run_bench: %s%s\n", message, detail);
    exit(1);
}

static void load_api(const char *library) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        fail("dlopen failed: ", dlerror());
    }
    const OrtApiBase *(*get_api_base)(void) = (const OrtApiBase *(*)(void))dlsym(handle, "OrtGetApiBase");
    if (get_api_base == NULL) {
        fail("no OrtGetApiBase in ", library);
    }
    api = get_api_base()->GetApi(ORT_API_VERSION);
    if (api == NULL) {
        fail("the library does not provide the headers' API version: ", library);
    }
}

static void *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        fail("cannot read ", path);
    }
    long size = ftell(f);
    rewind(f);
    void *bytes = malloc((size_t)size);
    if (bytes == NULL || fread(bytes, 1, (size_t)size, f) != (size_t)size) {
        fail("cannot read ", path);
    }
    fclose(f);
    *length = (size_t)size;
    return bytes;
}

static OrtSession *create_session(OrtEnv *env, const void *model, size_t length) {
    OrtSessionOptions *options;
    ORT(CreateSessionOptions, &options);
    ORT(SetIntraOpNumThreads, options, 1);
    ORT(SetSessionGraphOptimizationLevel, options, ORT_ENABLE_ALL);
    const OrtEpDevice *const *devices;
    size_t count;
    ORT(GetEpDevices, env, &devices, &count);
    const OrtEpDevice *cpu[16];
    size_t picked = 0;
    for (size_t i = 0; i < count && picked < 16; i++) {
        const char *name = api->EpDevice_EpName(devices[i]);
        if (strcmp(name, "CPUExecutionProvider") == 0
                && api->HardwareDevice_Type(api->EpDevice_Device(devices[i])) == OrtHardwareDeviceType_CPU) {
            cpu[picked++] = devices[i];
        }
    }
    if (picked == 0) {
        fail("no CPUExecutionProvider device", "");
    }
    ORT(SessionOptionsAppendExecutionProvider_V2, options, env, cpu, picked, NULL, NULL, 0);
    OrtSession *session;
    ORT(CreateSessionFromArray, env, model, length, options, &session);
    api->ReleaseSessionOptions(options);
    return session;
}

/* The names and tensors of a session's inputs or outputs, each over a zeroed buffer of its fixed shape. */
typedef struct {
    size_t count;
    char **names;
    OrtValue **values;
} Values;

static OrtValue *float_tensor(const OrtMemoryInfo *memory, const OrtTypeInfo *type, const char *name) {
    const OrtTensorTypeAndShapeInfo *info;
    ORT(CastTypeInfoToTensorInfo, type, &info);
    ONNXTensorElementDataType element;
    ORT(GetTensorElementType, info, &element);
    if (element != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
        fail("only FLOAT tensors are supported: ", name);
    }
    size_t rank;
    ORT(GetDimensionsCount, info, &rank);
    int64_t shape[8];
    if (rank > 8) {
        fail("rank above 8: ", name);
    }
    ORT(GetDimensions, info, shape, rank);
    size_t elements = 1;
    for (size_t d = 0; d < rank; d++) {
        if (shape[d] < 0) {
            fail("the benchmark needs fixed dimensions: ", name);
        }
        elements *= (size_t)shape[d];
    }
    float *data = calloc(elements, sizeof(float));
    if (data == NULL) {
        fail("out of memory for ", name);
    }
    OrtValue *value;
    ORT(CreateTensorWithDataAsOrtValue, memory, data, elements * sizeof(float), shape, rank,
        ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &value);
    return value;
}

static Values prepare(OrtSession *session, const OrtMemoryInfo *memory, int outputs) {
    OrtAllocator *allocator;
    ORT(GetAllocatorWithDefaultOptions, &allocator);
    Values v;
    if (outputs) {
        ORT(SessionGetOutputCount, session, &v.count);
    } else {
        ORT(SessionGetInputCount, session, &v.count);
    }
    v.names = calloc(v.count, sizeof(char *));
    v.values = calloc(v.count, sizeof(OrtValue *));
    for (size_t i = 0; i < v.count; i++) {
        OrtTypeInfo *type;
        if (outputs) {
            ORT(SessionGetOutputName, session, i, allocator, &v.names[i]);
            ORT(SessionGetOutputTypeInfo, session, i, &type);
        } else {
            ORT(SessionGetInputName, session, i, allocator, &v.names[i]);
            ORT(SessionGetInputTypeInfo, session, i, &type);
        }
        v.values[i] = float_tensor(memory, type, v.names[i]);
        api->ReleaseTypeInfo(type);
    }
    return v;
}

typedef struct {
    OrtSession *session;
    Values in;
    Values out;
    OrtIoBinding *binding;
} Bench;

static void run_once(const Bench *b) {
    ORT(Run, b->session, NULL, (const char *const *)b->in.names, (const OrtValue *const *)b->in.values, b->in.count,
        (const char *const *)b->out.names, b->out.count, b->out.values);
}

static void run_with_binding_once(const Bench *b) {
    ORT(RunWithBinding, b->session, NULL, b->binding);
}

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* ns/op of one round: ops in batches until round_ms have passed. */
static double round_ns_per_op(void (*op)(const Bench *), const Bench *b, double round_ms) {
    double start = now_ns();
    double elapsed;
    long ops = 0;
    do {
        for (int i = 0; i < OPS_PER_CLOCK_READ; i++) {
            op(b);
        }
        ops += OPS_PER_CLOCK_READ;
        elapsed = now_ns() - start;
    } while (elapsed < round_ms * 1e6);
    return elapsed / (double)ops;
}

/* Rounds of the two ways alternate, so a neighbour's load on this shared machine hits both alike. */
static void measure(const Bench *b, int warmup, int rounds, double round_ms) {
    for (int r = 0; r < warmup; r++) {
        round_ns_per_op(run_once, b, round_ms);
        round_ns_per_op(run_with_binding_once, b, round_ms);
    }
    double *run = calloc((size_t)rounds, sizeof(double));
    double *binding = calloc((size_t)rounds, sizeof(double));
    for (int r = 0; r < rounds; r++) {
        run[r] = round_ns_per_op(run_once, b, round_ms);
        binding[r] = round_ns_per_op(run_with_binding_once, b, round_ms);
    }
    printf("run");
    for (int r = 0; r < rounds; r++) {
        printf(" %.1f", run[r]);
    }
    printf("\nbinding");
    for (int r = 0; r < rounds; r++) {
        printf(" %.1f", binding[r]);
    }
    printf("\n");
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: ort_run_bench LIBRARY MODEL WARMUP_ROUNDS ROUNDS ROUND_MS\n");
        return 2;
    }
    load_api(argv[1]);
    int warmup = atoi(argv[3]);
    int rounds = atoi(argv[4]);
    double round_ms = atof(argv[5]);

    OrtEnv *env;
    ORT(CreateEnv, ORT_LOGGING_LEVEL_WARNING, "ort_run_bench", &env);
    size_t length;
    void *model = read_file(argv[2], &length);
    Bench b;
    b.session = create_session(env, model, length);
    OrtMemoryInfo *memory;
    ORT(CreateCpuMemoryInfo, OrtArenaAllocator, OrtMemTypeDefault, &memory);
    b.in = prepare(b.session, memory, 0);
    b.out = prepare(b.session, memory, 1);
    ORT(CreateIoBinding, b.session, &b.binding);
    for (size_t i = 0; i < b.in.count; i++) {
        ORT(BindInput, b.binding, b.in.names[i], b.in.values[i]);
    }
    for (size_t i = 0; i < b.out.count; i++) {
        ORT(BindOutput, b.binding, b.out.names[i], b.out.values[i]);
    }

    measure(&b, warmup, rounds, round_ms);
    return 0;
}
