/*
 * A plugin execution provider library that misbehaves on request, so the harness meets real native
 * crashes through ONNX Runtime's normal path (RegisterExecutionProviderLibrary, V2 append, session creation).
 *
 * What CreateEpFactories does depends on the registration name:
 *   "segv"   writes through a null pointer (SIGSEGV)
 *   "abort"  calls abort() (SIGABRT)
 *   "hang"   sleeps for good
 *   "fail"   returns an ORT_FAIL status
 *   other    creates one working factory for the EP "ReproTestEP" on the CPU hardware device
 *
 * The working factory's CreateEp reads the provider options, which reach it as session config entries
 * named "ep.reprotestep.<key>" (ONNX Runtime lower-cases the EP name in the prefix): crash=1 writes
 * through a null pointer, abort=1 aborts; otherwise it returns an ORT_EP_FAIL status, since this EP runs no models.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "onnxruntime_c_api.h"

#define EP_NAME "ReproTestEP"
#define OPTION_PREFIX "ep.reprotestep."

static const OrtApi *ort;
static const OrtEpApi *ep_api;

/* A volatile pointer: the compiler cannot prove it null, so the write below stays a real store (no trap instruction). */
static int *volatile null_pointer;

static void crash_with_null_write(void) {
    *null_pointer = 42;
}

static const char *get_name(const OrtEpFactory *f) { (void)f; return EP_NAME; }
static const char *get_vendor(const OrtEpFactory *f) { (void)f; return "eppanama-repro-tests"; }
static uint32_t get_vendor_id(const OrtEpFactory *f) { (void)f; return 0; }
static const char *get_version(const OrtEpFactory *f) { (void)f; return "0.1.0"; }
static bool is_stream_aware(const OrtEpFactory *f) { (void)f; return false; }

static OrtStatus *get_supported_devices(OrtEpFactory *f, const OrtHardwareDevice *const *devices, size_t num_devices,
                                        OrtEpDevice **ep_devices, size_t max_ep_devices, size_t *num_ep_devices) {
    size_t n = 0;
    for (size_t i = 0; i < num_devices && n < max_ep_devices; i++) {
        if (ort->HardwareDevice_Type(devices[i]) == OrtHardwareDeviceType_CPU) {
            OrtStatus *status = ep_api->CreateEpDevice(f, devices[i], NULL, NULL, &ep_devices[n]);
            if (status != NULL) {
                return status;
            }
            n++;
        }
    }
    *num_ep_devices = n;
    return NULL;
}

/* Whether the provider option `key` was given as "1". */
static bool option_is_one(const OrtSessionOptions *options, const char *key) {
    char name[128] = OPTION_PREFIX;
    strncat(name, key, sizeof name - strlen(name) - 1);
    int present = 0;
    OrtStatus *status = ort->HasSessionConfigEntry(options, name, &present);
    if (status != NULL) {
        ort->ReleaseStatus(status);
        return false;
    }
    if (!present) {
        return false;
    }
    char value[16];
    size_t size = sizeof value;
    status = ort->GetSessionConfigEntry(options, name, value, &size);
    if (status != NULL) {
        ort->ReleaseStatus(status);
        return false;
    }
    return strcmp(value, "1") == 0;
}

static OrtStatus *create_ep(OrtEpFactory *f, const OrtHardwareDevice *const *devices,
                            const OrtKeyValuePairs *const *ep_metadata, size_t num_devices,
                            const OrtSessionOptions *session_options, const OrtLogger *logger, OrtEp **ep) {
    (void)f; (void)devices; (void)ep_metadata; (void)num_devices; (void)logger;
    *ep = NULL;
    if (option_is_one(session_options, "crash")) {
        crash_with_null_write();
    }
    if (option_is_one(session_options, "abort")) {
        abort();
    }
    return ort->CreateStatus(ORT_EP_FAIL, EP_NAME " runs no models: it exists to crash on request"
                                          " (provider option crash=1 or abort=1)");
}

static void release_ep(OrtEpFactory *f, OrtEp *ep) { (void)f; (void)ep; }

static OrtStatus *validate_compatibility(OrtEpFactory *f, const OrtHardwareDevice *const *devices, size_t num_devices,
                                         const char *info, OrtCompiledModelCompatibility *out) {
    (void)f; (void)devices; (void)num_devices; (void)info;
    *out = OrtCompiledModelCompatibility_EP_NOT_APPLICABLE;
    return NULL;
}

static OrtStatus *create_allocator(OrtEpFactory *f, const OrtMemoryInfo *info, const OrtKeyValuePairs *options,
                                   OrtAllocator **allocator) {
    (void)f; (void)info; (void)options;
    *allocator = NULL; /* the default CPU allocator */
    return NULL;
}

static void release_allocator(OrtEpFactory *f, OrtAllocator *allocator) { (void)f; (void)allocator; }

static OrtStatus *create_data_transfer(OrtEpFactory *f, OrtDataTransferImpl **out) {
    (void)f;
    *out = NULL;
    return NULL;
}

static OrtStatus *create_sync_stream(OrtEpFactory *f, const OrtMemoryDevice *device, const OrtKeyValuePairs *options,
                                     OrtSyncStreamImpl **stream) {
    (void)f; (void)device; (void)options;
    *stream = NULL;
    return NULL;
}

OrtStatus *CreateEpFactories(const char *registered_name, const OrtApiBase *ort_api_base, const OrtLogger *logger,
                             OrtEpFactory **factories, size_t max_factories, size_t *num_factories) {
    (void)logger;
    ort = ort_api_base->GetApi(ORT_API_VERSION);
    ep_api = ort->GetEpApi();
    if (strcmp(registered_name, "segv") == 0) {
        crash_with_null_write();
    } else if (strcmp(registered_name, "abort") == 0) {
        abort();
    } else if (strcmp(registered_name, "hang") == 0) {
        for (;;) {
            sleep(3600);
        }
    } else if (strcmp(registered_name, "fail") == 0) {
        return ort->CreateStatus(ORT_FAIL, "repro test EP: registration name 'fail' asks CreateEpFactories to fail");
    }
    if (max_factories < 1) {
        return ort->CreateStatus(ORT_INVALID_ARGUMENT, "repro test EP: no room for its factory");
    }
    OrtEpFactory *f = calloc(1, sizeof *f);
    if (f == NULL) {
        return ort->CreateStatus(ORT_FAIL, "repro test EP: out of memory");
    }
    f->ort_version_supported = ORT_API_VERSION;
    f->GetName = get_name;
    f->GetVendor = get_vendor;
    f->GetSupportedDevices = get_supported_devices;
    f->CreateEp = create_ep;
    f->ReleaseEp = release_ep;
    f->GetVendorId = get_vendor_id;
    f->GetVersion = get_version;
    f->ValidateCompiledModelCompatibilityInfo = validate_compatibility;
    f->CreateAllocator = create_allocator;
    f->ReleaseAllocator = release_allocator;
    f->CreateDataTransfer = create_data_transfer;
    f->IsStreamAware = is_stream_aware;
    f->CreateSyncStreamForDevice = create_sync_stream;
    factories[0] = f;
    *num_factories = 1;
    return NULL;
}

OrtStatus *ReleaseEpFactory(OrtEpFactory *factory) {
    free(factory);
    return NULL;
}
