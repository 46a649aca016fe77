export default {
  publicUrl: 'https://staging.snip.example',
};
