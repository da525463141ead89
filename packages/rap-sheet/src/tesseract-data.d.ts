// @tesseract.js-data/eng ships no types: its main module names the folder of its models.
declare module '@tesseract.js-data/eng' {
  const data: { code: string; gzip: boolean; langPath: string };
  export default data;
}
