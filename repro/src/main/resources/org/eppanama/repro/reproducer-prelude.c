/*
 * Helpers of the C reproducer, written out by eppanama's repro harness ahead of the generated main().
 *
 * Every C API call is written to stderr before it is made ("ENTER main F(args)") and after it returns
 * ("EXIT main F ok" or "EXIT main F ORT_<CODE>: message"), the format of eppanama's Java call trace, so
 * the last ENTER without its EXIT is the call that crashed. Exit status: 0 all calls succeeded, 3 a call
 * returned an error status, 4 the reproducer itself could not go on (library, file or device missing).
 * A fatal signal prints the native frames (glibc backtrace) between "NATIVE FRAMES BEGIN" and "END" lines,
 * then ends the program by that same signal.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "onnxruntime_c_api.h"

/* For helpers a scenario may not need (no device selection, no input of that kind): no warning then. */
#define MAYBE_UNUSED __attribute__((unused))

enum fill_rule { FILL_ZEROS, FILL_ONES, FILL_RANGE, FILL_RANDOM };

static const OrtApi *ort;

static void harness_error(const char *format, ...) {
    char text[2048];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    fprintf(stderr, "HARNESS_ERROR: %s\n", text);
    exit(4);
}

static void enter(const char *function, const char *args) {
    fprintf(stderr, "ENTER main %s(%s)\n", function, args);
}

static const char *error_code_name(int code);

/* Writes the EXIT line; an error status ends the program as the Java run ends: with the status's code and message. */
static void check(const char *function, OrtStatus *status) {
    if (status == NULL) {
        fprintf(stderr, "EXIT main %s ok\n", function);
        return;
    }
    char message[4096];
    snprintf(message, sizeof message, "%s", ort->GetErrorMessage(status));
    for (char *c = message; *c; c++) {
        if (*c == '\n') {
            *c = ' ';
        }
    }
    fprintf(stderr, "EXIT main %s ORT_%s: %s\n", function, error_code_name(ort->GetErrorCode(status)), message);
    ort->ReleaseStatus(status);
    exit(3);
}

static void returned(const char *function) {
    fprintf(stderr, "EXIT main %s returned\n", function);
}

static void log_to_stderr(void *param, OrtLoggingLevel severity, const char *category, const char *logid,
                          const char *code_location, const char *message) {
    (void)param;
    fprintf(stderr, "[onnxruntime %d] [%s] %s %s: %s\n", (int)severity, logid, category, code_location, message);
}

static void print_frames_and_die(int signal_number) {
    static const char begin[] = "NATIVE FRAMES BEGIN\n";
    static const char end[] = "NATIVE FRAMES END\n";
    void *frames[64];
    int count = backtrace(frames, 64);
    /* write(2) and backtrace_symbols_fd allocate nothing, so they are safe here; the first two frames are
       this handler and the kernel's signal trampoline. */
    if (write(STDERR_FILENO, begin, sizeof begin - 1) < 0 || count <= 2) {
        raise(signal_number);
    }
    backtrace_symbols_fd(frames + 2, count - 2, STDERR_FILENO);
    if (write(STDERR_FILENO, end, sizeof end - 1) < 0) {
        raise(signal_number);
    }
    /* SA_RESETHAND put the default action back: this ends the process by the same signal. */
    raise(signal_number);
}

static void report_fatal_signals(void) {
    void *warm_up[1];
    backtrace(warm_up, 1); /* loads libgcc now: the first backtrace may allocate, which a signal handler must not */
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = print_frames_and_die;
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    const int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        sigaction(fatal[i], &action, NULL);
    }
}

/* dlopen, not linking: the same program runs against any libonnxruntime given on the command line. */
static void load_api(const char *library) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        harness_error("cannot load ONNX Runtime library %s: %s", library, dlerror());
    }
    const OrtApiBase *(*get_api_base)(void) = (const OrtApiBase *(*)(void))dlsym(handle, "OrtGetApiBase");
    if (get_api_base == NULL) {
        harness_error("%s does not export OrtGetApiBase: it is not an ONNX Runtime library", library);
    }
    const OrtApiBase *base = get_api_base();
    ort = base->GetApi(ORT_API_VERSION);
    if (ort == NULL) {
        harness_error("ONNX Runtime %s at %s does not provide API version %d", base->GetVersionString(), library,
                      ORT_API_VERSION);
    }
    fprintf(stderr, "ONNX Runtime %s from %s (API version %d)\n", base->GetVersionString(), library, ORT_API_VERSION);
}

static void *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        harness_error("cannot open %s", path);
    }
    fseek(f, 0, SEEK_END);
    long length = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *data = malloc(length > 0 ? (size_t)length : 1);
    if (data == NULL || fread(data, 1, (size_t)length, f) != (size_t)length) {
        harness_error("cannot read %s", path);
    }
    fclose(f);
    *size = (size_t)length;
    return data;
}

/* The EP devices of ep_name, of hardware type `type` (-1: any), as Environment.epDevices(name, type) picks them. */
MAYBE_UNUSED static size_t select_devices(OrtEnv *env, const char *ep_name, int type, const OrtEpDevice **out, size_t max) {
    const OrtEpDevice *const *devices;
    size_t count;
    enter("GetEpDevices", "env");
    check("GetEpDevices", ort->GetEpDevices(env, &devices, &count));
    size_t n = 0;
    for (size_t i = 0; i < count && n < max; i++) {
        const OrtHardwareDevice *hw = ort->EpDevice_Device(devices[i]);
        if (strcmp(ort->EpDevice_EpName(devices[i]), ep_name) == 0 && (type < 0 || (int)ort->HardwareDevice_Type(hw) == type)) {
            out[n++] = devices[i];
        }
    }
    if (n == 0) {
        harness_error("no EP device for %s (hardware type %d, -1 is any) among %zu devices: register the provider's library first",
                      ep_name, type, count);
    }
    return n;
}

/* SplitMix64, as the Java harness computes it. */
static uint64_t next_random(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* The input bytes Java's InputData makes for the same rule and seed. */
MAYBE_UNUSED static void *make_input(ONNXTensorElementDataType type, size_t count, size_t bytes, enum fill_rule rule, uint64_t seed) {
    unsigned char *data = malloc(bytes > 0 ? bytes : 1);
    if (data == NULL) {
        harness_error("out of memory for %zu bytes of input", bytes);
    }
    uint64_t state = seed;
    for (size_t i = 0; i < count; i++) {
        uint64_t r = rule == FILL_RANDOM ? next_random(&state) : 0;
        double real = rule == FILL_ZEROS ? 0 : rule == FILL_ONES ? 1 : rule == FILL_RANGE ? (double)i : (double)(r >> 11) * 0x1.0p-53;
        uint64_t integer = rule == FILL_ZEROS ? 0 : rule == FILL_ONES ? 1 : rule == FILL_RANGE ? (uint64_t)i : (r >> 32) % 100;
        switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: ((float *)data)[i] = (float)real; break;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: ((double *)data)[i] = real; break;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: data[i] = (unsigned char)(integer & 1); break;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8:
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: data[i] = (unsigned char)integer; break;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16:
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: ((uint16_t *)data)[i] = (uint16_t)integer; break;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32:
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: ((uint32_t *)data)[i] = (uint32_t)integer; break;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64:
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: ((uint64_t *)data)[i] = integer; break;
            default: harness_error("no fill rule for element type %d", (int)type);
        }
    }
    return data;
}

/* Input data from a raw file, which must hold exactly `bytes` bytes. */
MAYBE_UNUSED static void *input_file(const char *path, size_t bytes) {
    size_t size;
    void *data = read_file(path, &size);
    if (size != bytes) {
        harness_error("%s has %zu bytes, the input takes %zu", path, size, bytes);
    }
    return data;
}
