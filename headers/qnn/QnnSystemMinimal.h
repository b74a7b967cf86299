/*
 * eppanama's own declarations of the part of Qualcomm's QNN System API that the runtime uses to
 * read a QNN context binary (list its graphs, their input and output tensors, and the SoC model
 * and HTP architecture it was prepared for). No package registry carries Qualcomm's headers, so
 * this file restates, in the project's words, the documented C ABI of libQnnSystem: the entry
 * point QnnSystemInterface_getProviders, the interface table up to the functions used here, and
 * the versioned structs those functions return.
 *
 * Rules this file relies on (QNN's ABI promises): every versioned struct starts with a 32-bit
 * version tag followed by a union of the versions; a newer version only appends fields; the
 * interface table only appends function pointers; enums are 32 bits. Only the fields up to the
 * last one read are declared where a struct is reached through a pointer; structs that sit in
 * arrays (Qnn_Tensor_t, QnnSystemContext_GraphInfo_t) are declared whole, since their size is the
 * array stride. The runtime checks these layouts against the loaded libQnnSystem (see
 * org.eppanama.runtime.qnn.QnnSystem) and the tests compare a real context binary's contents.
 *
 * Generated into org.eppanama.bindings.qnn by jextract.sh.
 */
#ifndef EPPANAMA_QNN_SYSTEM_MINIMAL_H
#define EPPANAMA_QNN_SYSTEM_MINIMAL_H

#include <stdint.h>

/* Every QNN call returns a 64-bit error handle; 0 is success. */
typedef uint64_t Qnn_ErrorHandle_t;

/* Major version of the System API this file describes; a provider with another major is refused. */
#define QNN_SYSTEM_API_VERSION_MAJOR 1

typedef struct {
  uint32_t major;
  uint32_t minor;
  uint32_t patch;
} Qnn_Version_t;

/* ---- tensors ---------------------------------------------------------------------------- */

/* Element types: high byte = family (0 int, 1 uint, 2 float, 3 signed fixed point, 4 unsigned
 * fixed point, 5 bool, 6 string), low byte = bit width in hex-coded decimal (0x32 = 32). */
typedef enum {
  QNN_DATATYPE_INT_8 = 0x0008,
  QNN_DATATYPE_INT_16 = 0x0016,
  QNN_DATATYPE_INT_32 = 0x0032,
  QNN_DATATYPE_INT_64 = 0x0064,
  QNN_DATATYPE_UINT_8 = 0x0108,
  QNN_DATATYPE_UINT_16 = 0x0116,
  QNN_DATATYPE_UINT_32 = 0x0132,
  QNN_DATATYPE_UINT_64 = 0x0164,
  QNN_DATATYPE_FLOAT_16 = 0x0216,
  QNN_DATATYPE_BFLOAT_16 = 0x0226,
  QNN_DATATYPE_FLOAT_32 = 0x0232,
  QNN_DATATYPE_FLOAT_64 = 0x0264,
  QNN_DATATYPE_SFIXED_POINT_4 = 0x0304,
  QNN_DATATYPE_SFIXED_POINT_8 = 0x0308,
  QNN_DATATYPE_SFIXED_POINT_16 = 0x0316,
  QNN_DATATYPE_SFIXED_POINT_32 = 0x0332,
  QNN_DATATYPE_UFIXED_POINT_4 = 0x0404,
  QNN_DATATYPE_UFIXED_POINT_8 = 0x0408,
  QNN_DATATYPE_UFIXED_POINT_16 = 0x0416,
  QNN_DATATYPE_UFIXED_POINT_32 = 0x0432,
  QNN_DATATYPE_BOOL_8 = 0x0508,
  QNN_DATATYPE_STRING = 0x0608,
  QNN_DATATYPE_UNDEFINED = 0x7FFFFFFF
} Qnn_DataType_t;

/* Quantization parameters: two enum tags, then a union whose largest member (a bit width, an
 * axis, an element count and two pointers) makes it 32 bytes, 8-aligned. Only the members that
 * fix that size are declared; the runtime reads none of them. */
typedef struct {
  float scale;
  int32_t offset;
} Qnn_ScaleOffset_t;

typedef struct {
  uint32_t bitwidth;
  int32_t axis;
  uint32_t numElements;
  float* scales;
  int32_t* offsets;
} Qnn_BwAxisScaleOffset_t;

typedef struct {
  uint32_t encodingDefinition;
  uint32_t quantizationEncoding;
  union {
    Qnn_ScaleOffset_t scaleOffsetEncoding;
    Qnn_BwAxisScaleOffset_t bwAxisScaleOffsetEncoding;
  };
} Qnn_QuantizeParams_t;

typedef struct {
  void* data;
  uint32_t dataSize;
} Qnn_ClientBuffer_t;

typedef struct {
  uint32_t id;
  const char* name;
  uint32_t type;
  uint32_t dataFormat;
  Qnn_DataType_t dataType;
  Qnn_QuantizeParams_t quantizeParams;
  uint32_t rank;
  uint32_t* dimensions;
  uint32_t memType;
  union {
    Qnn_ClientBuffer_t clientBuf;
    void* memHandle;
  };
} Qnn_TensorV1_t;

typedef struct {
  uint32_t numSpecifiedElements;
  uint32_t numSparseDimensions;
} Qnn_SparseLayoutHybridCoo_t;

/* A union with a single member is laid out as that member, so one-version unions are written as
 * plain fields here and below. */
typedef struct {
  uint32_t type;
  Qnn_SparseLayoutHybridCoo_t hybridCoo;
} Qnn_SparseParams_t;

/* Version 2 appends dynamic dimensions, sparsity and an "is produced" flag to version 1. */
typedef struct {
  uint32_t id;
  const char* name;
  uint32_t type;
  uint32_t dataFormat;
  Qnn_DataType_t dataType;
  Qnn_QuantizeParams_t quantizeParams;
  uint32_t rank;
  uint32_t* dimensions;
  uint32_t memType;
  union {
    Qnn_ClientBuffer_t clientBuf;
    void* memHandle;
  };
  uint8_t* isDynamicDimensions;
  Qnn_SparseParams_t sparseParams;
  uint8_t isProduced;
} Qnn_TensorV2_t;

typedef enum {
  QNN_TENSOR_VERSION_1 = 1,
  QNN_TENSOR_VERSION_2 = 2
} Qnn_TensorVersion_t;

/* The versioned unions are named here (QNN's are anonymous) so the generator keeps their members;
 * naming a union changes nothing in the layout. */
typedef union {
  Qnn_TensorV1_t v1;
  Qnn_TensorV2_t v2;
} Qnn_TensorVersions_t;

typedef struct {
  Qnn_TensorVersion_t version;
  Qnn_TensorVersions_t versioned;
} Qnn_Tensor_t;

/* ---- platform information (which device a context binary was prepared for) --------------- */

/* The HTP backend's device-info extension: a device type tag, then, for an on-chip device, its
 * VTCM size in MB, SoC model, two capability flags (C bool, one byte each) and HTP architecture. */
typedef struct {
  uint64_t vtcmSize;
  uint32_t socModel;
  uint8_t signedPdSupport;
  uint8_t dlbcSupport;
  uint32_t arch;
} QnnHtpDevice_OnChipDeviceInfoExtension_t;

typedef struct {
  uint32_t devType;
  QnnHtpDevice_OnChipDeviceInfoExtension_t onChipDevice;
} QnnHtpDevice_DeviceInfoExtension_t;

typedef struct {
  uint32_t deviceId;
  uint32_t deviceType;
  uint32_t numCores;
  void* cores;
  void* deviceInfoExtension;
} QnnDevice_HardwareDeviceInfoV1_t;

typedef struct {
  uint32_t version;
  QnnDevice_HardwareDeviceInfoV1_t v1;
} QnnDevice_HardwareDeviceInfo_t;

typedef struct {
  uint32_t numHwDevices;
  QnnDevice_HardwareDeviceInfo_t* hwDevices;
} QnnDevice_PlatformInfoV1_t;

typedef struct {
  uint32_t version;
  QnnDevice_PlatformInfoV1_t v1;
} QnnDevice_PlatformInfo_t;

/* The HTP backend's context metadata (BinaryInfo version 3's contextMetadata): a version tag, then, for
 * version 1, the HTP (DSP) architecture the context was prepared for. */
typedef struct {
  uint32_t dspArch;
} QnnHtpSystemContext_ContextBlobInfoV1_t;

typedef struct {
  uint32_t version;
  QnnHtpSystemContext_ContextBlobInfoV1_t contextBinaryContextBlobInfoV1;
} QnnHtpSystemContext_ContextBlobInfo_t;

/* ---- context binary information ------------------------------------------------------------ */

typedef struct {
  const char* graphName;
  uint32_t numGraphInputs;
  Qnn_Tensor_t* graphInputs;
  uint32_t numGraphOutputs;
  Qnn_Tensor_t* graphOutputs;
} QnnSystemContext_GraphInfoV1_t;

typedef struct {
  const char* graphName;
  uint32_t numGraphInputs;
  Qnn_Tensor_t* graphInputs;
  uint32_t numGraphOutputs;
  Qnn_Tensor_t* graphOutputs;
  uint32_t numUpdateableTensors;
  Qnn_Tensor_t* updateableTensors;
} QnnSystemContext_GraphInfoV2_t;

typedef struct {
  const char* graphName;
  uint32_t numGraphInputs;
  Qnn_Tensor_t* graphInputs;
  uint32_t numGraphOutputs;
  Qnn_Tensor_t* graphOutputs;
  uint32_t numUpdateableTensors;
  Qnn_Tensor_t* updateableTensors;
  uint32_t graphBlobInfoSize;
  void* graphBlobInfo;
  uint32_t startOpIndex;
  uint32_t endOpIndex;
} QnnSystemContext_GraphInfoV3_t;

/* Graph infos sit in an array: the union holds every known version so the stride is right. */
typedef union {
  QnnSystemContext_GraphInfoV1_t graphInfoV1;
  QnnSystemContext_GraphInfoV2_t graphInfoV2;
  QnnSystemContext_GraphInfoV3_t graphInfoV3;
} QnnSystemContext_GraphInfoVersions_t;

typedef struct {
  uint32_t version;
  QnnSystemContext_GraphInfoVersions_t versioned;
} QnnSystemContext_GraphInfo_t;

typedef struct {
  uint32_t backendId;
  const char* buildId;
  Qnn_Version_t coreApiVersion;
  Qnn_Version_t backendApiVersion;
  const char* socVersion;
  Qnn_Version_t hwInfoBlobVersion;
  Qnn_Version_t contextBlobVersion;
  uint32_t hwInfoBlobSize;
  void* hwInfoBlob;
  uint64_t contextBlobSize;
  uint32_t numContextTensors;
  Qnn_Tensor_t* contextTensors;
  uint32_t numGraphs;
  QnnSystemContext_GraphInfo_t* graphs;
} QnnSystemContext_BinaryInfoV1_t;

/* Version 2 appends the platform the binary was prepared for. */
typedef struct {
  uint32_t backendId;
  const char* buildId;
  Qnn_Version_t coreApiVersion;
  Qnn_Version_t backendApiVersion;
  const char* socVersion;
  Qnn_Version_t hwInfoBlobVersion;
  Qnn_Version_t contextBlobVersion;
  uint32_t hwInfoBlobSize;
  void* hwInfoBlob;
  uint64_t contextBlobSize;
  uint32_t numContextTensors;
  Qnn_Tensor_t* contextTensors;
  uint32_t numGraphs;
  QnnSystemContext_GraphInfo_t* graphs;
  QnnDevice_PlatformInfo_t* platformInfo;
} QnnSystemContext_BinaryInfoV2_t;

/* Version 3 drops the hardware-info blob fields and appends context metadata and the SoC model. */
typedef struct {
  uint32_t backendId;
  const char* buildId;
  Qnn_Version_t coreApiVersion;
  Qnn_Version_t backendApiVersion;
  const char* socVersion;
  Qnn_Version_t contextBlobVersion;
  uint64_t contextBlobSize;
  uint32_t numContextTensors;
  Qnn_Tensor_t* contextTensors;
  uint32_t numGraphs;
  QnnSystemContext_GraphInfo_t* graphs;
  QnnDevice_PlatformInfo_t* platformInfo;
  uint32_t contextMetadataSize;
  void* contextMetadata;
  uint32_t socModel;
} QnnSystemContext_BinaryInfoV3_t;

typedef union {
  QnnSystemContext_BinaryInfoV1_t contextBinaryInfoV1;
  QnnSystemContext_BinaryInfoV2_t contextBinaryInfoV2;
  QnnSystemContext_BinaryInfoV3_t contextBinaryInfoV3;
} QnnSystemContext_BinaryInfoVersions_t;

typedef struct {
  uint32_t version;
  QnnSystemContext_BinaryInfoVersions_t versioned;
} QnnSystemContext_BinaryInfo_t;

/* ---- the interface ----------------------------------------------------------------------- */

typedef void* QnnSystemContext_Handle_t;

typedef Qnn_ErrorHandle_t (*QnnSystemContext_CreateFn_t)(QnnSystemContext_Handle_t* sysCtxHandle);
/* The info points into memory the system context owns; it is valid until that context is freed. */
typedef Qnn_ErrorHandle_t (*QnnSystemContext_GetBinaryInfoFn_t)(QnnSystemContext_Handle_t sysCtxHandle,
                                                                void* binaryBuffer, uint64_t binaryBufferSize,
                                                                const QnnSystemContext_BinaryInfo_t** binaryInfo,
                                                                uint64_t* binaryInfoSize);
typedef Qnn_ErrorHandle_t (*QnnSystemContext_FreeFn_t)(QnnSystemContext_Handle_t sysCtxHandle);

/* The first entries of the System API 1.x function table; later minors append more. */
typedef struct {
  QnnSystemContext_CreateFn_t systemContextCreate;
  QnnSystemContext_GetBinaryInfoFn_t systemContextGetBinaryInfo;
  void* systemContextGetMetaData;
  QnnSystemContext_FreeFn_t systemContextFree;
} QnnSystemInterface_ImplementationV1_t;

typedef struct {
  uint32_t backendId;
  const char* providerName;
  Qnn_Version_t systemApiVersion;
  QnnSystemInterface_ImplementationV1_t v1;
} QnnSystemInterface_t;

/* Lists the System API providers the library implements (an array of pointers it owns). */
Qnn_ErrorHandle_t QnnSystemInterface_getProviders(const QnnSystemInterface_t*** providerList,
                                                  uint32_t* numProviders);

#endif /* EPPANAMA_QNN_SYSTEM_MINIMAL_H */
