export default {
  publicUrl: 'https://snip.example',
};
