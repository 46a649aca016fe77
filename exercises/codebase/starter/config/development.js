export default {
  publicUrl: 'http://localhost:3000',
};
